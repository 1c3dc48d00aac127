import { readFileSync } from 'node:fs';
import {
  MISSING_APP_SECRET_WITH_TOKEN,
  MISSING_PRODUCTION_SETTINGS,
  PRODUCTION_WITHOUT_REDIS_WARNING,
} from '../../src/common/errors/error-messages.js';
import { freePort } from '../../src/testing/free-port.js';
import { spawnApp, waitForStdout, waitUntilHealthy, type SpawnedApp } from '../helpers/spawn-app.js';
import { inboundWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';

const PRODUCTION_SECRETS = {
  WP_APP_SECRET: 'proc-secret',
  WP_VERIFY_TOKEN: 'proc-verify',
  WP_ACCESS_TOKEN: 'proc-token',
  WP_PHONE_ID: '106540352242922',
};

/**
 * The local address a TCP port is bound to (`127.0.0.1` or `0.0.0.0`), read from /proc/net/tcp: this asks the
 * kernel, without sending traffic to any address but loopback.
 */
function boundAddress(port: number): string | undefined {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const [, local, , state] = line.trim().split(/\s+/);
    // 0A is LISTEN.
    if (state !== '0A' || !local?.endsWith(`:${hexPort}`)) continue;
    const bytes = local.slice(0, 8).match(/../g) ?? [];
    return bytes
      .reverse()
      .map((byte) => parseInt(byte, 16))
      .join('.');
  }
  return undefined;
}

/** Kills a process this test started if it is still running (never anything else). */
function cleanup(app: SpawnedApp | undefined): void {
  if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
}

describe('The service as a process (e2e)', () => {
  let app: SpawnedApp | undefined;
  afterEach(() => cleanup(app));

  it('refuses to start in production without its secrets, naming every missing one on one line', async () => {
    app = spawnApp({ NODE_ENV: 'production' }, undefined, await freePort());
    expect(await app.exited).toBe(1);
    const { stdout, stderr } = app.output();
    expect(stderr.trim()).toBe(
      MISSING_PRODUCTION_SETTINGS(['WP_APP_SECRET', 'WP_VERIFY_TOKEN', 'WP_ACCESS_TOKEN', 'WP_PHONE_ID']),
    );
    expect(stdout).not.toContain('listening');
  });

  it('names only what is missing', async () => {
    app = spawnApp({ NODE_ENV: 'production', ...PRODUCTION_SECRETS, WP_APP_SECRET: '' }, undefined, await freePort());
    expect(await app.exited).toBe(1);
    expect(app.output().stderr.trim()).toBe(MISSING_PRODUCTION_SETTINGS(['WP_APP_SECRET']));
  });

  it.each([undefined, 'development', 'test'])(
    'refuses to start with WP_ACCESS_TOKEN but no WP_APP_SECRET when NODE_ENV is %s: exit 1, one line, never listening',
    async (nodeEnv) => {
      const port = await freePort();
      app = spawnApp(
        { WP_ACCESS_TOKEN: 'proc-token', WP_PHONE_ID: '106540352242922', ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) },
        undefined,
        port,
      );
      expect(await app.exited).toBe(1);
      const { stdout, stderr } = app.output();
      expect(stderr).toBe(`${MISSING_APP_SECRET_WITH_TOKEN()}\n`);
      expect(stderr).toContain('WP_APP_SECRET');
      expect(stdout).not.toContain('listening');
    },
  );

  it('starts in production with its secrets, on 0.0.0.0, warns once that intake is not durable without Redis, and serves /health', async () => {
    app = spawnApp({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }, undefined, await freePort());
    await waitUntilHealthy(app);
    await waitForStdout(app, PRODUCTION_WITHOUT_REDIS_WARNING());
    expect(app.output().stdout.split(PRODUCTION_WITHOUT_REDIS_WARNING())).toHaveLength(2);
    expect(boundAddress(app.port)).toBe('0.0.0.0');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('listens on 127.0.0.1 in local mode, and where HOST says otherwise', async () => {
    app = spawnApp({}, undefined, await freePort());
    await waitUntilHealthy(app);
    expect(boundAddress(app.port)).toBe('127.0.0.1');
    expect(app.output().stdout).not.toContain(PRODUCTION_WITHOUT_REDIS_WARNING());
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    app = spawnApp({ HOST: '0.0.0.0' }, undefined, await freePort());
    await waitUntilHealthy(app);
    expect(boundAddress(app.port)).toBe('0.0.0.0');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('listens on 0.0.0.0 by default with a token, and on HOST when set', async () => {
    const signed = { WP_ACCESS_TOKEN: 'proc-token', WP_APP_SECRET: 'proc-secret', WP_PHONE_ID: '106540352242922' };
    app = spawnApp(signed, undefined, await freePort());
    await waitUntilHealthy(app);
    expect(boundAddress(app.port)).toBe('0.0.0.0');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);

    app = spawnApp({ ...signed, HOST: '127.0.0.1' }, undefined, await freePort());
    await waitUntilHealthy(app);
    expect(boundAddress(app.port)).toBe('127.0.0.1');
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('on SIGTERM waits SHUTDOWN_GRACE_MS for acknowledged messages, then logs each unprocessed one by id and masked wa_id', async () => {
    const graph = await new GraphApiMock({ accessToken: 'proc-token', phoneNumberId: '106540352242922' }).start();
    try {
      // Every Graph call hangs long past the grace, so the user's messages stay queued behind the first.
      graph.slowNext(10, 20_000);
      app = spawnApp(
        {
          WP_ACCESS_TOKEN: 'proc-token',
          WP_APP_SECRET: 'proc-secret',
          WP_PHONE_ID: '106540352242922',
          GRAPH_API_URL: graph.url,
          GRAPH_TIMEOUT_MS: '30000',
          SHUTDOWN_GRACE_MS: '300',
        },
        undefined,
        await freePort(),
      );
      await waitUntilHealthy(app);
      const ids = [newMessageId(), newMessageId(), newMessageId()];
      for (const id of ids) {
        const response = await postWebhook(
          `http://127.0.0.1:${app.port}`,
          inboundWebhook({ from: '15550007123', id, text: 'hi' }),
          { secret: 'proc-secret' },
        );
        expect(response.status).toBe(200);
      }
      await waitFor(() => graph.readReceipts().length > 0 || undefined, {
        description: 'the first message to reach Graph',
        timeoutMs: 5000,
      }).catch(() => undefined);
      const started = Date.now();
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
      const warned = app
        .output()
        .stdout.split('\n')
        .filter((line) => line.includes('acknowledged message not processed'))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(warned.map((record) => [record.level, record.messageId, record.waId])).toEqual(
        ids.map((id) => [40, id, '*******7123']),
      );
      expect(app.output().stdout).not.toContain('15550007123');
    } finally {
      await graph.stop();
    }
  });

  it('starts with no environment at all in development, warns about the missing secret, and serves /health', async () => {
    app = spawnApp({}, undefined, await freePort());
    await waitUntilHealthy(app);
    const response = await postWebhook(
      `http://127.0.0.1:${app.port}`,
      inboundWebhook({ from: '15550006000', text: 'hi' }),
    );
    expect(response.status).toBe(200);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(app.output().stdout).toContain('WP_APP_SECRET is not set');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('exits 0 within 10 s on %s', async (signal) => {
    app = spawnApp({}, undefined, await freePort());
    await waitUntilHealthy(app);
    const started = Date.now();
    app.child.kill(signal);
    expect(await app.exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('exits 0 on SIGTERM when started with npm start', async () => {
    app = spawnApp({}, ['npm', 'start', '--silent'], await freePort());
    await waitUntilHealthy(app, 60_000);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  }, 90_000);
});
