import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';
import { waitFor } from './wait-for.js';

/** The shared test Redis (`.ci/run` starts one when none answers). */
export const REDIS_TEST_URL = 'redis://127.0.0.1:6379';

let prefixCount = 0;
/** A key prefix no other test run uses: every key a test writes lives under it and is deleted afterwards. */
export function uniquePrefix(label: string): string {
  return `test:${label}:${process.pid}:${Date.now().toString(36)}:${++prefixCount}:`;
}

/** Deletes every key under `prefix` (SCAN, bounded to 1,000 rounds of 1,000 keys). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  for (let round = 0; round < 1000; round++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
    if (cursor === '0') return;
  }
}

/**
 * Makes `ms` pass for every key under `prefix` that has a TTL: shortens the TTL, deleting keys it would have
 * expired. Lets a contract suite check retention in Redis without waiting for it.
 */
export async function ageKeysWithPrefix(redis: Redis, prefix: string, ms: number): Promise<void> {
  let cursor = '0';
  for (let round = 0; round < 1000; round++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    for (const key of keys) {
      const left = await redis.pttl(key);
      if (left < 0) continue;
      if (left <= ms) await redis.del(key);
      else await redis.pexpire(key, left - ms);
    }
    cursor = next;
    if (cursor === '0') return;
  }
}

/** A client for tests: commands wait while it connects (unlike the service's fail-fast client). */
export function testRedis(url = REDIS_TEST_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
}

/**
 * Whether a Redis answers PING at `url` within a second. A raw socket rather than ioredis: a failed ioredis connect
 * leaves timers behind that keep jest waiting after the run.
 */
export function redisAnswers(url = REDIS_TEST_URL): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port || 6379) });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/**
 * `describe` when the shared Redis answers; otherwise, outside CI, `describe.skip` with one line saying why. In CI
 * (CI set) the suite runs anyway and fails loudly: CI must never pass by skipping the Redis tests.
 */
export async function describeWithRedis(): Promise<jest.Describe> {
  if (await redisAnswers()) return describe;
  if (process.env.CI) return describe;
  process.stderr.write(
    `Skipping Redis tests: nothing answers at ${REDIS_TEST_URL} (start redis-server; CI fails instead of skipping).\n`,
  );
  return describe.skip;
}

/** Whether `redis-server` can be started here (the outage tests run their own). */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A throwaway `redis-server` on its own port, which a test may stop and start again; never the shared one. */
export class PrivateRedis {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again) on the same port, without persistence, and waits until it answers. */
  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(() => redisAnswers(this.url), {
      timeoutMs: 10_000,
      intervalMs: 50,
      description: `redis-server on port ${this.port}`,
    });
  }

  /** Kills the server this helper started (by its PID) and waits until it is gone. */
  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  }
}
