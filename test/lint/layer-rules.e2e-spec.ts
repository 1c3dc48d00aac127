import { jest } from '@jest/globals';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cruise, type IConfiguration } from 'dependency-cruiser';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/layer-violations', import.meta.url));
const config = createRequire(import.meta.url)(`${PROJECT_ROOT}.dependency-cruiser.cjs`) as IConfiguration;

/** Cruises `dir` (relative paths start at `baseDir`) with the project's own rules, as `npm run lint` does. */
async function violations(baseDir: string, targets: string[]): Promise<string[]> {
  const result = await cruise(
    targets,
    {
      baseDir,
      validate: true,
      ruleSet: { forbidden: config.forbidden },
      doNotFollow: config.options?.doNotFollow,
      exclude: config.options?.exclude,
      tsPreCompilationDeps: true,
    },
    // Sources import siblings as `./x.js` (nodenext): resolve them to the .ts files, as the tsconfig does for the CLI.
    { extensions: ['.ts', '.js'], extensionAlias: { '.js': ['.ts', '.js'] } },
  );
  if (typeof result.output === 'string') throw new Error('expected a cruise result, got a report');
  return result.output.summary.violations.map(
    (violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`,
  );
}

describe('Layer rules (dependency-cruiser, npm run lint)', () => {
  // Cruising the whole project takes a few seconds on two cores.
  jest.setTimeout(60_000);

  it('fail on a tree that breaks each of them', async () => {
    const found = await violations(FIXTURE, ['src', 'test']);
    expect(found).toEqual(
      expect.arrayContaining([
        'whatsapp-not-simulator: src/whatsapp/client.ts → src/simulator/page.ts',
        'flows-only-core-and-ports: src/flows/shop/shop.flow.ts → src/flows/other/other.flow.ts',
        'flows-only-core-and-ports: src/flows/shop/shop.flow.ts → src/whatsapp/client.ts',
        'src-not-test: src/state/store.ts → test/helper.ts',
        expect.stringMatching(/^no-module-cycles: src\/(state|inbound)/),
        expect.stringMatching(/^no-file-cycles: src\/(state\/store|inbound\/queue)\.ts/),
      ]),
    );
    // A flow's allowed imports (flows/core) are not reported.
    expect(found.filter((line) => line.includes('→ src/flows/core/'))).toEqual([]);
  });

  it("pass on the project's own src", async () => {
    expect(await violations(PROJECT_ROOT, ['src'])).toEqual([]);
  });
});
