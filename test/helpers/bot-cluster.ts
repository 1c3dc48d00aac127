import { AirtableMock } from '../../src/testing/mocks/airtable.mock-server.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';
import { OpenAiMock } from '../../src/testing/mocks/openai.mock-server.js';
import { deleteKeysWithPrefix, REDIS_TEST_URL, testRedis, uniquePrefix } from '../../src/testing/redis-test.js';
import { freePort } from '../../src/testing/free-port.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { E2E_SECRETS, readableText } from './e2e-bot.js';
import { inboundWebhook, newMessageId, postWebhook } from './signed-webhook.js';
import { spawnApp, waitUntilHealthy, type SpawnedApp } from './spawn-app.js';

const PHONE_ID = '106540352242922';

/** One running `node dist/main.js` of the cluster. */
export interface Instance {
  readonly name: string;
  readonly app: SpawnedApp;
  readonly url: string;
}

/**
 * Several real app processes sharing one Redis (their own key prefix) and three mock servers in the test process,
 * the way a team runs the bot behind a load balancer. Every process it starts is stopped by `stop()`, by PID.
 */
export class BotCluster {
  readonly prefix = uniquePrefix('cluster');
  private readonly instances: Instance[] = [];

  private constructor(
    readonly graph: GraphApiMock,
    readonly airtable: AirtableMock,
    readonly openai: OpenAiMock,
    private readonly redisUrl: string,
    private readonly baseEnv: Record<string, string>,
  ) {}

  static async start(options: { redisUrl?: string; env?: Record<string, string> } = {}): Promise<BotCluster> {
    const graph = await new GraphApiMock({ accessToken: E2E_SECRETS.WP_ACCESS_TOKEN, phoneNumberId: PHONE_ID }).start();
    const airtable = await new AirtableMock({ apiKey: E2E_SECRETS.AIRTABLE_API_KEY }).start();
    const openai = await new OpenAiMock({ apiKey: E2E_SECRETS.OPENAI_API_KEY }).start();
    return new BotCluster(graph, airtable, openai, options.redisUrl ?? REDIS_TEST_URL, options.env ?? {});
  }

  /** Starts an instance (`ROLE=all` unless `env` says otherwise) and waits until /health answers 200. */
  async spawn(name: string, env: Record<string, string> = {}): Promise<Instance> {
    const port = await freePort();
    const app = spawnApp(
      {
        ...E2E_SECRETS,
        NODE_ENV: 'test',
        WP_PHONE_ID: PHONE_ID,
        GRAPH_API_URL: this.graph.url,
        GRAPH_RETRY_BASE_DELAY_MS: '50',
        AIRTABLE_BASE_ID: this.airtable.baseId,
        AIRTABLE_ENDPOINT_URL: this.airtable.endpointUrl,
        OPENAI_BASE_URL: this.openai.baseURL,
        OPENAI_MAX_RETRIES: '0',
        OPENAI_TIMEOUT_MS: '10000',
        REDIS_URL: this.redisUrl,
        REDIS_PREFIX: this.prefix,
        // Short locks so that crash recovery takes seconds, not the production default's ten.
        QUEUE_LOCK_TTL_MS: '2000',
        ...this.baseEnv,
        ...env,
      },
      undefined,
      port,
    );
    const instance = { name, app, url: `http://127.0.0.1:${port}` };
    this.instances.push(instance);
    try {
      await waitUntilHealthy(app);
    } catch (error) {
      throw new Error(`${name} did not become healthy: ${app.output().stderr || app.output().stdout.slice(-2000)}`, {
        cause: error,
      });
    }
    return instance;
  }

  /** One user, posting signed webhooks to whichever instance each call names. */
  user(waId: string, name = 'Test User') {
    const messages = () => this.graph.messagesTo(waId);
    const texts = () => messages().map(readableText);
    const post = (via: Instance, spec: Parameters<typeof inboundWebhook>[0]) =>
      postWebhook(via.url, inboundWebhook(spec), { secret: E2E_SECRETS.WP_APP_SECRET }).then(
        (response) => response.status,
      );
    return {
      waId,
      say: (via: Instance, text: string, id = newMessageId()) => post(via, { from: waId, name, id, text }),
      tap: (via: Instance, id: string, title: string) => post(via, { from: waId, name, button: { id, title } }),
      messages,
      texts,
      async waitForMessages(count: number, timeoutMs = 15_000): Promise<string[]> {
        await waitFor(() => messages().length >= count, {
          timeoutMs,
          intervalMs: 20,
          description: `${count} messages to the user`,
        });
        return texts();
      },
    };
  }

  /** Sends SIGTERM and resolves with the exit code. */
  async terminate(instance: Instance): Promise<number | string> {
    instance.app.child.kill('SIGTERM');
    return instance.app.exited;
  }

  /** Kills the process at once, as a crash would (no shutdown hook runs). */
  async kill(instance: Instance): Promise<void> {
    instance.app.child.kill('SIGKILL');
    await instance.app.exited;
  }

  /** Kills whatever this cluster started and is still running, stops the mocks and deletes the prefix's keys. */
  async stop(): Promise<void> {
    for (const { app } of this.instances) {
      if (app.child.exitCode === null && app.child.signalCode === null) {
        app.child.kill('SIGKILL');
        await app.exited;
      }
    }
    await Promise.all([this.graph.stop(), this.airtable.stop(), this.openai.stop()]);
    const redis = testRedis(this.redisUrl);
    redis.on('error', () => undefined);
    try {
      await deleteKeysWithPrefix(redis, this.prefix);
    } catch {
      // A private Redis may already be gone: it held nothing else.
    } finally {
      redis.disconnect();
    }
  }
}
