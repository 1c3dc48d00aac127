import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../helpers/spawn-app.js';
import { execForm, instructionsOf, parseCopy, parseDockerfile, readDockerfile, type Stage } from './dockerfile.js';
import { runHealthCheck } from './healthcheck-command.js';

/**
 * Images cannot be built on these machines, so the Dockerfile is checked as text: each fact docs/deploy.md
 * promises about the image is asserted here, and test/e2e/production-install.e2e-spec.ts runs the runtime stage's
 * recipe. Update ACTIVE_LTS_MAJOR when a newer Node.js line enters Active LTS (nodejs/Release schedule).
 */
const ACTIVE_LTS_MAJOR = 26;

/** `ENV A=1 B=2` (and the legacy `ENV A 1`) as a map. */
function envOf(stage: Stage): Map<string, string> {
  const env = new Map<string, string>();
  for (const { args } of instructionsOf(stage, 'ENV')) {
    if (!args.includes('=')) {
      const [name, ...value] = args.split(/\s+/);
      env.set(name, value.join(' '));
      continue;
    }
    for (const pair of args.split(/\s+/)) {
      const [name, value] = pair.split('=');
      env.set(name, value.replace(/^"(.*)"$/, '$1'));
    }
  }
  return env;
}

function runCommands(stage: Stage): string[] {
  return instructionsOf(stage, 'RUN').map(({ args }) => args);
}

describe('Dockerfile', () => {
  const stages = readDockerfile();
  const build = stages.find((stage) => stage.name === 'build');
  const runtime = stages.at(-1);

  it('is multi-stage: a build stage, then the runtime stage the image ends with', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(build).toBeDefined();
    expect(runtime).not.toBe(build);
  });

  it(`builds from and runs on the current Node.js LTS slim image (node:${ACTIVE_LTS_MAJOR}-slim)`, () => {
    expect(stages.map((stage) => stage.image)).toEqual(stages.map(() => `node:${ACTIVE_LTS_MAJOR}-slim`));
  });

  it('installs every dependency and compiles in the build stage', () => {
    const commands = runCommands(build!);
    expect(commands.some((command) => /\bnpm ci\b/.test(command) && !command.includes('--omit=dev'))).toBe(true);
    expect(commands.some((command) => /\bnpm run build\b/.test(command))).toBe(true);
    // What `npm run build` reads: nest build with the build tsconfig, the tsconfig it extends, and src/.
    const copied = instructionsOf(build!, 'COPY').flatMap((copy) => parseCopy(copy).sources);
    // tsconfig files allow comments, so JSON.parse cannot read them: the one field needed is found by pattern.
    const extended = /"extends"\s*:\s*"(?:\.\/)?([^"]+)"/.exec(
      readFileSync(join(PROJECT_ROOT, 'tsconfig.build.json'), 'utf8'),
    )?.[1];
    for (const needed of ['package.json', 'package-lock.json', 'nest-cli.json', 'tsconfig.build.json', 'src']) {
      expect(copied).toContain(needed);
    }
    expect(extended).toBe('tsconfig.json');
    expect(copied).toContain(extended);
  });

  it('installs production dependencies only in the runtime stage (npm ci --omit=dev), never npm install', () => {
    const commands = runCommands(runtime!);
    const installs = commands.filter((command) => /\bnpm (ci|install|i)\b/.test(command));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/\bnpm ci\b[^&;|]*--omit=dev/);
  });

  it('takes only dist/ from the build stage (no sources, no dev node_modules)', () => {
    const copies = instructionsOf(runtime!, 'COPY').map(parseCopy);
    const fromBuild = copies.filter((copy) => copy.from !== undefined);
    expect(fromBuild.map((copy) => [copy.from, copy.sources, copy.destination])).toEqual([
      ['build', ['/app/dist'], './dist'],
    ]);
    const fromContext = copies.filter((copy) => copy.from === undefined).flatMap((copy) => copy.sources);
    // package files for npm ci, Meta's spec read at run time: nothing else from the build context.
    expect(fromContext.sort()).toEqual(['package-lock.json', 'package.json', 'spec']);
  });

  it('sets NODE_ENV=production in the runtime stage', () => {
    expect(envOf(runtime!).get('NODE_ENV')).toBe('production');
  });

  it('runs as a non-root user', () => {
    const users = instructionsOf(runtime!, 'USER').map(({ args }) => args.split(':')[0]);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0']).not.toContain(users.at(-1));
    // The last USER comes before CMD, so the service itself runs as that user.
    const lastUser = runtime!.instructions.findLastIndex((instruction) => instruction.keyword === 'USER');
    const cmd = runtime!.instructions.findIndex((instruction) => instruction.keyword === 'CMD');
    expect(lastUser).toBeLessThan(cmd);
  });

  it('starts node directly with an exec-form CMD, so node gets SIGTERM', () => {
    const cmds = instructionsOf(runtime!, 'CMD');
    expect(cmds).toHaveLength(1);
    expect(execForm(cmds[0].args)).toEqual(['node', 'dist/main.js']);
    expect(instructionsOf(runtime!, 'ENTRYPOINT')).toEqual([]);
  });

  describe('HEALTHCHECK', () => {
    const healthchecks = runtime ? instructionsOf(runtime, 'HEALTHCHECK') : [];
    const command = (): string[] => {
      expect(healthchecks).toHaveLength(1);
      const match = /^(.*?)\bCMD\s+(\[.*\])$/.exec(healthchecks[0].args);
      const form = match ? execForm(match[2]) : undefined;
      if (!form) throw new Error(`HEALTHCHECK is not an exec-form CMD: ${healthchecks[0].args}`);
      return form;
    };

    it('asks /health/live with node (slim images have no curl)', () => {
      expect(command()[0]).toBe('node');
      expect(command().join(' ')).toContain('/health/live');
    });

    it('exits 0 when /health/live answers 200, 1 when it answers 503 or nothing listens', async () => {
      expect(await runHealthCheck(command(), 200)).toBe(0);
      expect(await runHealthCheck(command(), 503)).toBe(1);
      expect(await runHealthCheck(command(), 'no server')).toBe(1);
    });
  });
});

describe('.dockerignore', () => {
  const lines = readFileSync(join(PROJECT_ROOT, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const allowed = lines.filter((line) => line.startsWith('!')).map((line) => line.slice(1).replace(/\/$/, ''));

  it('is an allow-list: everything is left out unless named', () => {
    expect(lines[0]).toBe('*');
  });

  it('lets in every file the Dockerfile copies from the build context', () => {
    const sources = readDockerfile()
      .flatMap((stage) => instructionsOf(stage, 'COPY').map(parseCopy))
      .filter((copy) => copy.from === undefined)
      .flatMap((copy) => copy.sources);
    for (const source of new Set(sources)) expect(allowed).toContain(source);
  });

  it('never lets in secrets, installed or built trees', () => {
    for (const kept of ['.env', '.git', 'node_modules', 'dist', 'coverage', 'test']) {
      expect(allowed.filter((entry) => entry === kept || entry.startsWith(`${kept}/`))).toEqual([]);
    }
  });
});

describe('parseDockerfile', () => {
  it('joins continuation lines, skips comments between them and names the stages', () => {
    const stages = parseDockerfile(
      ['FROM node:26-slim AS build', 'RUN npm ci \\', '  # a comment', '  --omit=dev', 'FROM node:26-slim'].join('\n'),
    );
    expect(stages).toEqual([
      { image: 'node:26-slim', name: 'build', instructions: [{ keyword: 'RUN', args: 'npm ci --omit=dev' }] },
      { image: 'node:26-slim', name: undefined, instructions: [] },
    ]);
  });

  it('tells shell form from exec form', () => {
    expect(execForm('["node", "dist/main.js"]')).toEqual(['node', 'dist/main.js']);
    expect(execForm('node dist/main.js')).toBeUndefined();
  });
});
