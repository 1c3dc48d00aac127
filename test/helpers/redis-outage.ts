import { PrivateRedis } from '../../src/testing/redis-test.js';
import { startTestApp, type TestApp } from './create-test-app.js';

/** The app on a private redis-server that the test may stop and start again (never the shared one). */
export interface OutageApp {
  readonly server: TestApp;
  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
}

/**
 * Boots the app against a private Redis in `beforeAll` and tears both down in `afterAll`, restarting Redis first
 * if a test left it stopped: the app closes its Redis connection cleanly only while Redis answers.
 */
export function useOutageApp(env: Parameters<typeof startTestApp>[0]): () => OutageApp {
  let redis: PrivateRedis;
  let server: TestApp;
  let redisDown = false;
  const fixture: OutageApp = {
    get server() {
      return server;
    },
    async stopRedis() {
      redisDown = true;
      await redis.stop();
    },
    async startRedis() {
      await redis.start();
      redisDown = false;
    },
  };
  beforeAll(async () => {
    redis = await PrivateRedis.start();
    server = await startTestApp({ REDIS_URL: redis.url, REDIS_CONNECT_TIMEOUT_MS: '5000', ...env });
  }, 30_000);
  afterAll(async () => {
    if (redisDown) await redis.start();
    await server?.close();
    await redis?.stop();
  }, 30_000);
  return () => fixture;
}
