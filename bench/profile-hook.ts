/**
 * Preloaded into the product by `npm run bench -- --profile` (`node --import …/profile-hook.js dist/main.js`):
 * the first SIGUSR2 starts V8's CPU profiler, the second writes the profile to BENCH_PROFILE_PATH. Unlike
 * `--cpu-prof`, the profile then covers the load window only, not the boot and its module loading.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const path = process.env.BENCH_PROFILE_PATH;
const session = new Session();
session.connect();
let profiling = false;

function post(method: string, params?: object): Promise<unknown> {
  return new Promise((resolve, reject) =>
    session.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
  );
}

async function toggle(): Promise<void> {
  if (!profiling) {
    profiling = true;
    await post('Profiler.enable');
    await post('Profiler.start');
    return;
  }
  profiling = false;
  const { profile } = (await post('Profiler.stop')) as { profile: unknown };
  if (path) writeFileSync(path, JSON.stringify(profile));
  process.stdout.write('{"profileWritten":true}\n');
}

process.on('SIGUSR2', () => {
  toggle().catch((error: unknown) => process.stderr.write(`profile hook: ${String(error)}\n`));
});
