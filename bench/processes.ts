/**
 * Child processes of the bench: started with a clean environment, awaited with bounded timeouts, measured
 * through /proc, and always stopped, by their own pid only.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { ListeningLine } from './bench-protocol.js';

export interface BenchProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last few KB of stdout and stderr, to explain a failed start. */
  readonly output: () => string;
  /** Resolves with the exit code or signal once the process has ended. */
  readonly exited: Promise<number | string>;
}

const started = new Set<BenchProcess>();
const OUTPUT_TAIL_CHARS = 4000;

/**
 * Starts `node …args` with only `env` (plus PATH and HOME): the caller's REDIS_URL or WP_* must not leak
 * into a server under test.
 */
export function startNode(
  name: string,
  args: readonly string[],
  env: Record<string, string>,
  cwd: string,
): BenchProcess {
  const child = spawn(process.execPath, [...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name} did not start`);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  const proc = { name, child, pid: child.pid, output: () => output, exited };
  started.add(proc);
  void exited.then(() => started.delete(proc));
  return proc;
}

/** Resolves with the port printed as `{"listening":PORT}`, or rejects after `timeoutMs` or on exit. */
export function listeningPort(proc: BenchProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`${proc.name} did not listen within ${timeoutMs} ms:\n${proc.output()}`)),
      timeoutMs,
    );
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        if (!line.startsWith('{"listening"')) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as ListeningLine).listening);
        return;
      }
    });
    void proc.exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${proc.name} exited (${code}) before listening:\n${proc.output()}`));
    });
  });
}

/** Resolves once the process prints `line` (from now on), or rejects after `timeoutMs`. */
export function waitForLine(proc: BenchProcess, line: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const timer = setTimeout(
      () => reject(new Error(`${proc.name} did not print ${line} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    proc.child.stdout?.on('data', (chunk: Buffer) => {
      buffered = (buffered + chunk.toString()).slice(-OUTPUT_TAIL_CHARS);
      if (!buffered.includes(line)) return;
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Polls `url` until it answers 200, for at most `timeoutMs`; rejects early if the process exits. */
export async function waitUntilHealthy(proc: BenchProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void proc.exited.then((code) => (exitedWith = code));
  for (let poll = 0; poll < Math.ceil(timeoutMs / 100) + 1; poll++) {
    if (exitedWith !== undefined)
      throw new Error(`${proc.name} exited (${exitedWith}) during start:\n${proc.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${proc.name} was not healthy within ${timeoutMs} ms:\n${proc.output()}`);
}

/** SIGTERM, then SIGKILL after `graceMs`. Only ever this process, by its pid. */
export async function stopProcess(proc: BenchProcess, graceMs = 5000): Promise<number | string> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return proc.exited;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  const code = await proc.exited;
  clearTimeout(timer);
  return code;
}

/** Kills whatever the bench started and is still running (exit handlers: synchronous, so SIGKILL). */
export function killAllStarted(): void {
  for (const proc of started) {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
  }
}

export async function stopAllStarted(): Promise<void> {
  await Promise.all([...started].map((proc) => stopProcess(proc)));
}

/** A free loopback port, picked by the OS. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let clockTicksPerSecond: number | undefined;

/** USER_HZ, the unit of /proc/<pid>/stat times (100 on nearly every Linux). */
function ticksPerSecond(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      clockTicksPerSecond =
        Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim()) || 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat; `undefined` when it cannot
 * be read (another OS, or a process we may not inspect). Resolution is one tick (10 ms), hence long rounds.
 */
export function cpuTimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; everything after its closing parenthesis is split safely.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return ((utime + stime) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}
