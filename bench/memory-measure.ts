/**
 * The memory figures: each kind measured by memory-probe.js in a fresh process of its own, so neither the load
 * runs nor the other kind's data are in its RSS.
 */
import { fileURLToPath } from 'node:url';
import { BENCH_PHONE_ID } from './bench-protocol.js';
import { startNode } from './processes.js';
import { productEnv } from './product-env.js';
import type { MemoryFigures, MemoryKind } from './report.js';

const PROBE = fileURLToPath(new URL('memory-probe.js', import.meta.url));
const PROBE_TIMEOUT_MS = 120_000;
export const MEMORY_COUNT = 100_000;

async function probe(productDir: string, kind: MemoryKind): Promise<MemoryFigures> {
  // The probe neither listens nor sends: port and Graph URL only have to be valid.
  const env = productEnv(3000, 'http://127.0.0.1:9', BENCH_PHONE_ID);
  const proc = startNode(
    `memory-${kind}`,
    ['--expose-gc', PROBE, productDir, kind, String(MEMORY_COUNT)],
    env,
    productDir,
  );
  // 'close', not 'exit': the JSON line must have been read from stdout.
  const closed = new Promise((resolveClose) => proc.child.once('close', resolveClose));
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
  await closed;
  clearTimeout(timer);
  const code = await proc.exited;
  const line = proc
    .output()
    .split('\n')
    .find((candidate) => candidate.startsWith('{"memory"'));
  if (code !== 0 || line === undefined) throw new Error(`memory probe (${kind}) failed (${code}):\n${proc.output()}`);
  return (JSON.parse(line) as { memory: MemoryFigures }).memory;
}

export async function measureMemory(productDir: string): Promise<MemoryFigures[]> {
  return [await probe(productDir, 'conversations'), await probe(productDir, 'dedupe')];
}
