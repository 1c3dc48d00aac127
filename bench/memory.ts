/**
 * `npm run bench:memory`: the memory figures of `npm run bench` alone (memory-measure.ts), with their verdict
 * lines. Option: --product-dir=PATH (another checkout).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureMemory } from './memory-measure.js';
import { ensureProductBuilt } from './product-build.js';
import { killAllStarted } from './processes.js';
import { renderMemory } from './report.js';
import { checkMemory, renderChecks } from './verdict.js';

/** bench/.build/memory.js → the project root. */
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function main(): Promise<void> {
  const dirArg = process.argv.find((arg) => arg.startsWith('--product-dir='));
  const productDir = resolve(dirArg ? dirArg.slice('--product-dir='.length) : PROJECT_ROOT);
  ensureProductBuilt(productDir);
  const memory = await measureMemory(productDir);
  process.stdout.write(`${renderMemory(memory)}\n\n${renderChecks(checkMemory(memory))}\n`);
}

// A probe must not outlive the bench.
process.on('exit', killAllStarted);

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:memory failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
