import { MISSING_PRODUCTION_SETTINGS } from '../../src/common/errors/error-messages.js';
import { freePort, spawnApp, waitUntilHealthy, type SpawnedApp } from '../helpers/spawn-app.js';
import { inboundWebhook, postWebhook } from '../helpers/signed-webhook.js';

const PRODUCTION_SECRETS = {
  WP_APP_SECRET: 'proc-secret',
  WP_VERIFY_TOKEN: 'proc-verify',
  WP_ACCESS_TOKEN: 'proc-token',
  WP_PHONE_ID: '106540352242922',
};

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
    expect(stderr.trim()).toBe(MISSING_PRODUCTION_SETTINGS(['WP_APP_SECRET', 'WP_VERIFY_TOKEN', 'WP_ACCESS_TOKEN', 'WP_PHONE_ID']));
    expect(stdout).not.toContain('listening');
  });

  it('names only what is missing', async () => {
    app = spawnApp({ NODE_ENV: 'production', ...PRODUCTION_SECRETS, WP_APP_SECRET: '' }, undefined, await freePort());
    expect(await app.exited).toBe(1);
    expect(app.output().stderr.trim()).toBe(MISSING_PRODUCTION_SETTINGS(['WP_APP_SECRET']));
  });

  it('starts in production with its secrets and serves /health', async () => {
    app = spawnApp({ NODE_ENV: 'production', ...PRODUCTION_SECRETS }, undefined, await freePort());
    await waitUntilHealthy(app);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
  });

  it('starts with no environment at all in development, warns about the missing secret, and serves /health', async () => {
    app = spawnApp({}, undefined, await freePort());
    await waitUntilHealthy(app);
    const response = await postWebhook(`http://127.0.0.1:${app.port}`, inboundWebhook({ from: '15550006000', text: 'hi' }));
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
