import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, posix, relative } from 'node:path';
import ts from 'typescript';
import { freePort } from '../../src/testing/free-port.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { instructionsOf, parseCopy, readDockerfile } from '../deploy/dockerfile.js';
import { PROJECT_ROOT } from '../helpers/spawn-app.js';

/**
 * The Dockerfile's runtime stage, run without Docker (images cannot be built here): the files it copies, its
 * `npm ci --omit=dev`, then `node dist/main.js`. If the service imported a devDependency at run time, the image
 * would crash on boot while every other test passed; this one fails instead. It uses the dist/ that `npm test`
 * builds first (`pretest`), as the image uses the build stage's.
 */

/** Bounds npm ci: with npm's cache warm it takes seconds, from an empty cache about a minute. */
const INSTALL_TIMEOUT_MS = 300_000;
const BOOT_TIMEOUT_MS = 30_000;

interface PackageJson {
  name: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const rootPackage = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as PackageJson;

interface Finished {
  code: number | string;
  output: string;
}

/** Runs a command to completion, killing it (by its pid, and only it) after `timeoutMs`. */
function run(command: string, args: string[], cwd: string, timeoutMs: number): Promise<Finished> {
  const env = { ...process.env };
  // jest's flag would make npm print experimental warnings; npm needs nothing else from the test's environment.
  delete env.NODE_OPTIONS;
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, output });
    }),
  );
}

/** The status of GET `path` on the loopback port, or undefined while nothing answers. */
async function status(port: number, path: string): Promise<number | undefined> {
  try {
    return (await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(1000) })).status;
  } catch {
    return undefined;
  }
}

/**
 * Lays out the runtime stage in `dir`: what its COPY instructions take from the build context, and what they take
 * from the build stage (whose WORKDIR is this project: `npm run build` left dist/ here). Returns its npm ci command.
 */
function layOutRuntimeStage(dir: string): string[] {
  const stages = readDockerfile();
  const runtime = stages.at(-1)!;
  for (const copy of instructionsOf(runtime, 'COPY').map(parseCopy)) {
    let sources = copy.sources;
    if (copy.from !== undefined) {
      const stage = stages.find((candidate) => candidate.name === copy.from);
      const workdir = stage && instructionsOf(stage, 'WORKDIR').at(-1)?.args;
      if (!workdir) throw new Error(`COPY --from=${copy.from}: no such stage with a WORKDIR`);
      sources = sources.map((source) => posix.relative(workdir, source));
    }
    for (const source of sources) {
      if (!existsSync(join(PROJECT_ROOT, source))) throw new Error(`${source} is missing: run npm run build first`);
      const target = copy.destination.endsWith('/') ? join(dir, copy.destination, source) : join(dir, copy.destination);
      cpSync(join(PROJECT_ROOT, source), target, { recursive: true });
    }
  }
  // The runtime stage's install, without what follows it (`npm cache clean` would empty this machine's cache).
  const install = instructionsOf(runtime, 'RUN')
    .flatMap(({ args }) => args.split('&&'))
    .map((command) => command.trim())
    .find((command) => command.startsWith('npm ci'));
  if (!install) throw new Error('The runtime stage runs no npm ci');
  return install.split(/\s+/).slice(1);
}

/** Package names imported by the compiled JavaScript under `dir` (static and dynamic imports; comments ignored). */
function importedPackages(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    for (const { fileName } of ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles) {
      if (fileName.startsWith('.') || fileName.startsWith('/')) continue;
      const parts = fileName.split('/');
      const name = fileName.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      found.set(name, relative(PROJECT_ROOT, file));
    }
  }
  return found;
}

describe('dist/ at run time', () => {
  it('imports only production dependencies and Node built-ins, never a devDependency', () => {
    const builtins = new Set(builtinModules);
    const strays = [...importedPackages(join(PROJECT_ROOT, 'dist'))]
      .filter(([name]) => !name.startsWith('node:') && !builtins.has(name))
      .filter(([name]) => !(name in rootPackage.dependencies) && name !== rootPackage.name)
      .map(([name, file]) => `${name} (${file})`);
    expect(strays).toEqual([]);
  });
});

describe('Production install: the Dockerfile runtime stage without Docker (e2e)', () => {
  let dir: string;
  let install: Finished & { ms: number };
  let app: ChildProcess | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wcb-production-install-'));
    const npmArgs = layOutRuntimeStage(dir);
    const started = Date.now();
    install = { ...(await run('npm', npmArgs, dir, INSTALL_TIMEOUT_MS)), ms: Date.now() - started };
  }, INSTALL_TIMEOUT_MS + 30_000);

  afterEach(() => {
    // Only the process this test started, by its pid.
    if (app && app.exitCode === null && app.signalCode === null) app.kill('SIGKILL');
    app = undefined;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs with npm ci --omit=dev, and no devDependency is there', () => {
    if (install.code !== 0) throw new Error(`npm ci failed (${install.code}):\n${install.output}`);
    // The duration goes to the test log so a slow registry or a cold cache is visible in CI.
    process.stderr.write(`production install: npm ci --omit=dev took ${install.ms} ms\n`);
    // Every runtime dependency declares Node 20 (the overrides in package.json see to the transitive ones).
    const engineWarnings = [...install.output.matchAll(/EBADENGINE\s+package: '(@?[^@']+)@/g)].map((match) => match[1]);
    expect(engineWarnings).toEqual([]);
    const installed = Object.keys(rootPackage.devDependencies).filter((name) =>
      existsSync(join(dir, 'node_modules', name)),
    );
    expect(installed).toEqual([]);
    expect(existsSync(join(dir, 'node_modules', '@nestjs', 'core'))).toBe(true);
  });

  /** Starts `node dist/main.js` with only `env`, waits until /health/live answers 200, and returns its port. */
  async function boot(env: Record<string, string>): Promise<number> {
    const port = await freePort();
    let output = '';
    const child = spawn(process.execPath, ['dist/main.js'], {
      cwd: dir,
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    app = child;
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
          return (await status(port, '/health/live')) === 200;
        },
        { timeoutMs: BOOT_TIMEOUT_MS, intervalMs: 200, description: 'the production install to answer /health/live' },
      );
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`, { cause: error });
    }
    return port;
  }

  it(
    'boots with node dist/main.js and no environment but PORT, and answers /health/live',
    async () => {
      const port = await boot({});
      expect(await status(port, '/health/ready')).toBe(200);
    },
    BOOT_TIMEOUT_MS + 5000,
  );

  it(
    'boots as the image runs it: NODE_ENV=production with its secrets',
    async () => {
      const port = await boot({
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        WP_ACCESS_TOKEN: 'production-install-token',
        WP_PHONE_ID: '106540352242922',
        WP_APP_SECRET: 'production-install-secret',
        WP_VERIFY_TOKEN: 'production-install-verify',
        // Nothing leaves this machine: Graph is pointed at a closed loopback port.
        GRAPH_API_URL: 'http://127.0.0.1:9',
      });
      expect(await status(port, '/health/ready')).toBe(200);
    },
    BOOT_TIMEOUT_MS + 5000,
  );
});
