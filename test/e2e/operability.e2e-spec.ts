import { createServer, type Server } from 'node:net';
import { PORT_IN_USE } from '../../src/common/errors/error-messages.js';
import { inboundWebhook, newMessageId, postWebhook } from '../helpers/signed-webhook.js';
import { freePort } from '../../src/testing/free-port.js';
import { spawnApp, waitForStdout, waitUntilHealthy, type SpawnedApp } from '../helpers/spawn-app.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';
import { waitFor } from '../../src/testing/wait-for.js';

const SIGNED = { WP_ACCESS_TOKEN: 'ops-token', WP_APP_SECRET: 'ops-secret', WP_PHONE_ID: '106540352242922' };

/** Kills a process this test started if it is still running (never anything else). */
function cleanup(app: SpawnedApp | undefined): void {
  if (app && app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
}

const statusOf = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    (response) => response.status,
    () => 0,
  );

describe('Operability (e2e, real processes)', () => {
  let app: SpawnedApp | undefined;
  afterEach(() => cleanup(app));

  describe('config errors', () => {
    it('prints one line per bad variable, in words, without a stack trace, and exits 1', async () => {
      app = spawnApp({ PORT: 'abc', LOG_LEVEL: 'loud' });
      expect(await app.exited).toBe(1);
      const { stdout, stderr } = app.output();
      expect(stderr).toBe(
        'PORT must be an integer from 1 to 65535 (got "abc")\nLOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")\n',
      );
      expect(stdout).toBe('');
    });

    it('never echoes a secret in the error', async () => {
      app = spawnApp({ ADMIN_TOKEN: 'too-short-secret-value' }, undefined, await freePort());
      expect(await app.exited).toBe(1);
      const { stderr } = app.output();
      expect(stderr).toContain('ADMIN_TOKEN must be at least 32 characters long');
      expect(stderr).not.toContain('too-short-secret-value');
      expect(stderr.trim().split('\n')).toHaveLength(1);
    });

    it('names the port and PORT when the port is already in use, in one line', async () => {
      const blocker: Server = createServer();
      const port = await new Promise<number>((resolve) =>
        blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)),
      );
      try {
        app = spawnApp({}, undefined, port);
        expect(await app.exited).toBe(1);
        expect(app.output().stderr).toBe(`${PORT_IN_USE(port)}\n`);
        expect(PORT_IN_USE(port)).toContain('PORT');
      } finally {
        await new Promise<void>((resolve) => blocker.close(() => resolve()));
      }
    });
  });

  describe('logs', () => {
    it('boots in development with at most 15 readable lines at info: no JSON, no "dependencies initialized"', async () => {
      app = spawnApp({ LOG_FORMAT: '' }, undefined, await freePort());
      await waitUntilHealthy(app);
      await waitForStdout(app, 'simulator');
      const lines = app.output().stdout.trim().split('\n');
      expect(lines.length).toBeLessThanOrEqual(15);
      expect(lines.filter((line) => line.trimStart().startsWith('{'))).toEqual([]);
      expect(app.output().stdout).not.toContain('dependencies initialized');
      expect(app.output().stdout).toMatch(/INFO.*listening on 127\.0\.0\.1:\d+/);
    });

    it('writes JSON in production, and pretty lines when LOG_FORMAT=pretty says so', async () => {
      app = spawnApp(
        { NODE_ENV: 'production', ...SIGNED, WP_VERIFY_TOKEN: 'v', LOG_FORMAT: '' },
        undefined,
        await freePort(),
      );
      await waitUntilHealthy(app);
      await waitForStdout(app, 'listening on');
      const line =
        app
          .output()
          .stdout.split('\n')
          .find((text) => text.includes('listening on')) ?? '';
      expect(JSON.parse(line)).toMatchObject({ level: 30, msg: expect.stringContaining('listening on') });
      app.child.kill('SIGTERM');
      await app.exited;

      app = spawnApp(
        { NODE_ENV: 'production', ...SIGNED, WP_VERIFY_TOKEN: 'v', LOG_FORMAT: 'pretty' },
        undefined,
        await freePort(),
      );
      await waitUntilHealthy(app);
      await waitForStdout(app, 'listening on');
      expect(
        app
          .output()
          .stdout.split('\n')
          .find((text) => text.includes('listening on')),
      ).not.toMatch(/^\s*\{/);
    });
  });

  describe('health for orchestrators', () => {
    it('answers live and ready, and turns ready to 503 from SIGTERM on while in-flight work drains', async () => {
      const graph = await new GraphApiMock({
        accessToken: SIGNED.WP_ACCESS_TOKEN,
        phoneNumberId: SIGNED.WP_PHONE_ID,
      }).start();
      try {
        app = spawnApp(
          { ...SIGNED, GRAPH_API_URL: graph.url, GRAPH_TIMEOUT_MS: '30000', SHUTDOWN_GRACE_MS: '4000' },
          undefined,
          await freePort(),
        );
        await waitUntilHealthy(app);
        const base = `http://127.0.0.1:${app.port}`;
        expect([await statusOf(`${base}/health/live`), await statusOf(`${base}/health/ready`)]).toEqual([200, 200]);

        // A message whose Graph calls hang keeps the drain busy for the whole grace.
        graph.slowNext(10, 20_000);
        const posted = await postWebhook(
          base,
          inboundWebhook({ from: '15550008001', id: newMessageId(), text: 'hi' }),
          {
            secret: SIGNED.WP_APP_SECRET,
          },
        );
        expect(posted.status).toBe(200);
        app.child.kill('SIGTERM');

        await waitFor(async () => (await statusOf(`${base}/health/ready`)) === 503, {
          timeoutMs: 3000,
          intervalMs: 50,
          description: 'readiness to turn 503',
        });
        expect(await statusOf(`${base}/health/live`)).toBe(200);
        // New webhooks are refused while draining, so Meta delivers them again elsewhere.
        const during = await postWebhook(base, inboundWebhook({ from: '15550008002', text: 'late' }), {
          secret: SIGNED.WP_APP_SECRET,
        });
        expect(during.status).toBe(503);
        expect(await app.exited).toBe(0);
      } finally {
        await graph.stop();
      }
    });
  });
});
