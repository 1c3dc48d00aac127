import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../src/testing/wait-for.js';
import { APP_ENV_NAMES } from './create-test-app.js';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedApp {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => { stdout: string; stderr: string };
  /** Resolves with the exit code (or the signal name) once the process has ended. */
  readonly exited: Promise<number | string>;
}

/**
 * Runs the built service as a real process (`node dist/main.js`, or any command such as `npm start`) with
 * only `env` from the app's variables. `npm test` builds first, so `dist/` is current.
 */
export function spawnApp(
  env: Record<string, string>,
  command: readonly string[] = ['node', 'dist/main.js'],
  port = 0,
): SpawnedApp {
  const base = { ...process.env };
  for (const name of APP_ENV_NAMES) delete base[name];
  const child = spawn(command[0], command.slice(1), {
    cwd: PROJECT_ROOT,
    // JSON logs by default, so tests can read them; `PORT` in `env` wins over `port` (to test bad values).
    env: { ...base, LOG_LEVEL: 'info', LOG_FORMAT: 'json', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return { child, port, output: () => ({ stdout, stderr }), exited };
}

/** Waits until the spawned app answers /health. */
export async function waitUntilHealthy(app: SpawnedApp, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    async () => {
      try {
        return (
          (await fetch(`http://127.0.0.1:${app.port}/health`, { signal: AbortSignal.timeout(1000) })).status === 200
        );
      } catch {
        return false;
      }
    },
    { timeoutMs, intervalMs: 100, description: `the app on port ${app.port} to be healthy` },
  );
}

/**
 * Waits until the app has printed `text` on stdout: boot lines come after `listen`, and the logger writes
 * asynchronously, so /health can answer before they arrive.
 */
export async function waitForStdout(app: SpawnedApp, text: string, timeoutMs = 5000): Promise<void> {
  await waitFor(() => app.output().stdout.includes(text), {
    timeoutMs,
    intervalMs: 20,
    description: `"${text}" on the app's stdout`,
  });
}
