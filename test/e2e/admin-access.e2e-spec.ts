import { request } from 'node:http';
import {
  ADMIN_ADDRESS_BLOCKED,
  ADMIN_AUTH_FAILED,
  ADMIN_REDIS_UNAVAILABLE,
  ADMIN_TOO_MANY_FAILURES,
  ADMIN_UNAUTHORIZED,
} from '../../src/common/errors/error-messages.js';
import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import {
  deleteKeysWithPrefix,
  describeWithRedis,
  REDIS_TEST_URL,
  redisServerInstalled,
  testRedis,
  uniquePrefix,
} from '../../src/testing/redis-test.js';
import { freePort } from '../../src/testing/free-port.js';
import { useOutageApp } from '../helpers/redis-outage.js';
import { spawnApp, type SpawnedApp } from '../helpers/spawn-app.js';
import { waitFor } from '../../src/testing/wait-for.js';

const describeRedis = await describeWithRedis();
const describeOutage = redisServerInstalled() || process.env.CI ? describeRedis : describe.skip;

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef-0123';
const WRONG_TOKEN = 'wrong-admin-token-that-must-never-be-logged';

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly json: { message?: string } & Record<string, unknown>;
}

/**
 * One admin request over node:http, from `localAddress`: loopback is all of 127.0.0.0/8 on Linux, so a second
 * client address is 127.0.0.2 talking to the app on 127.0.0.1.
 */
function admin(
  server: TestApp,
  token: string | null,
  { path = '', method = 'GET', localAddress = '127.0.0.1' } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
    const req = request(`${server.url}/admin/dead-letters${path}`, { method, headers, localAddress }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          json: JSON.parse(text) as Answer['json'],
        }),
      );
    });
    req.setTimeout(5000, () => req.destroy(new Error('no answer from the admin API within 5 s')));
    req.on('error', reject);
    req.end();
  });
}

describeRedis('Admin API: failed attempts (e2e)', () => {
  const prefix = uniquePrefix('admin-access');
  let server: TestApp;

  beforeAll(async () => {
    server = await startTestApp({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, ADMIN_TOKEN });
  });
  afterAll(async () => {
    await server?.close();
    const redis = testRedis();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('logs each failure at warn with its reason and address, never the token, and answers 429 after 10 in a minute', async () => {
    expect((await admin(server, ADMIN_TOKEN)).status).toBe(200);
    for (let i = 1; i <= 10; i++) {
      const answer = await admin(server, i % 2 === 0 ? null : WRONG_TOKEN);
      expect([i, answer.status, answer.json.message]).toEqual([i, 401, ADMIN_UNAUTHORIZED()]);
    }

    // Now refused for a minute whatever it sends, the right token included.
    for (const token of [ADMIN_TOKEN, WRONG_TOKEN]) {
      const blocked = await admin(server, token);
      const retryAfter = Number(blocked.headers['retry-after']);
      expect([blocked.status, blocked.json.message]).toEqual([429, ADMIN_TOO_MANY_FAILURES(retryAfter)]);
      // About a minute from the 10th failure (this test takes well under 5 s to get here).
      expect(retryAfter).toBeGreaterThan(55);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    // Another address is counted on its own.
    expect((await admin(server, ADMIN_TOKEN, { localAddress: '127.0.0.2' })).status).toBe(200);

    const failures = server.logsWith(ADMIN_AUTH_FAILED());
    expect(failures).toHaveLength(10);
    expect(failures.every((record) => record.level === 40 && record.address === '127.0.0.1')).toBe(true);
    expect(failures.map((record) => record.reason)).toEqual(
      Array.from({ length: 10 }, (_, i) => ((i + 1) % 2 === 0 ? 'no bearer token' : 'wrong token')),
    );
    expect(server.logsWith(ADMIN_ADDRESS_BLOCKED())).toEqual([
      expect.objectContaining({ level: 40, address: '127.0.0.1', blockedSeconds: 60 }),
    ]);
    expect(server.logLines.join('\n')).not.toContain(WRONG_TOKEN);
    expect(server.logLines.join('\n')).not.toContain(ADMIN_TOKEN);
  });
});

describeOutage('Admin API while Redis is down (e2e, private redis-server)', () => {
  const outage = useOutageApp({ ADMIN_TOKEN });

  it('answers 503, not 500, and recovers once Redis is back', async () => {
    const { server } = outage();
    expect((await admin(server, ADMIN_TOKEN)).status).toBe(200);
    await outage().stopRedis();

    const list = await admin(server, ADMIN_TOKEN);
    expect([list.status, list.json.message]).toEqual([503, ADMIN_REDIS_UNAVAILABLE()]);
    const replay = await admin(server, ADMIN_TOKEN, { path: '/wamid.X/replay', method: 'POST' });
    expect([replay.status, replay.json.message]).toEqual([503, ADMIN_REDIS_UNAVAILABLE()]);
    // The token is still checked first: no answer about Redis without it.
    expect((await admin(server, WRONG_TOKEN)).status).toBe(401);

    await outage().startRedis();
    await waitFor(async () => (await admin(server, ADMIN_TOKEN)).status === 200, {
      timeoutMs: 10_000,
      intervalMs: 200,
      description: 'the admin API back',
    });
  }, 30_000);
});

describe('ADMIN_TOKEN at boot (process e2e)', () => {
  let app: SpawnedApp | undefined;
  afterEach(() => {
    // Only the process this test started, by its handle.
    if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
  });

  it('stops with exit code 1 and one line on stderr for an ADMIN_TOKEN under 32 characters', async () => {
    app = spawnApp({ ADMIN_TOKEN: 'x'.repeat(31) }, undefined, await freePort());
    expect(await app.exited).toBe(1);
    const { stdout, stderr } = app.output();
    expect(stderr).toBe('ADMIN_TOKEN must be at least 32 characters long\n');
    expect(stdout).not.toContain('listening');
  });

  it('starts with an ADMIN_TOKEN of 32 characters', async () => {
    app = spawnApp({ ADMIN_TOKEN: 'x'.repeat(32) }, undefined, await freePort());
    await waitFor(() => app?.output().stdout.includes('listening') || app?.child.exitCode !== null, {
      timeoutMs: 20_000,
      description: 'the boot',
    });
    expect(app.child.exitCode).toBeNull();
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });
});
