import { AirtableMock } from '../../src/testing/mocks/airtable.mock-server.js';
import { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';
import { OpenAiMock } from '../../src/testing/mocks/openai.mock-server.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { startTestApp, type TestApp } from './create-test-app.js';
import { inboundWebhook, newMessageId, postWebhook, type InboundSpec } from './signed-webhook.js';

export const E2E_SECRETS = {
  WP_APP_SECRET: 'e2e-bot-app-secret-SECRET',
  WP_VERIFY_TOKEN: 'e2e-bot-verify-token-SECRET',
  WP_ACCESS_TOKEN: 'e2e-bot-access-token-SECRET',
  OPENAI_API_KEY: 'sk-e2e-openai-key-SECRET',
  AIRTABLE_API_KEY: 'patE2eAirtableKey.SECRET',
} as const;

/** The real app wired to three real mock servers on loopback: Graph, Airtable and OpenAI. */
export interface E2eBot {
  readonly server: TestApp;
  readonly graph: GraphApiMock;
  readonly airtable: AirtableMock;
  readonly openai: OpenAiMock;
  user(waId: string, name?: string): E2eUser;
  /** A user who hides their number behind a username: webhooks carry only their BSUID (2026 shape). */
  usernameUser(userId: string, username: string, name?: string): E2eUser;
  /** Posts one signed message webhook as given (a system message, a sender with both ids...); resolves with the status. */
  post(spec: InboundSpec): Promise<number>;
  stop(): Promise<void>;
}

/** One WhatsApp user talking to the bot through signed webhooks. */
export interface E2eUser {
  /** Their UserRef: the wa_id, or the BSUID of a username-only user (what the bot's replies are addressed to). */
  readonly waId: string;
  /** Posts a signed webhook with this text (optionally with a given message id); resolves with the HTTP status. */
  say(text: string, id?: string): Promise<number>;
  /** Taps a reply button or list row (by the id and title the bot sent). */
  tap(id: string, title: string): Promise<number>;
  /** Messages the bot sent this user (accepted by Graph), in order. */
  messages(): Record<string, unknown>[];
  /** The readable text of each message (text body or interactive body). */
  texts(): string[];
  /** Waits until the bot has sent this user `count` messages in all; resolves with their texts. */
  waitForMessages(count: number, timeoutMs?: number): Promise<string[]>;
}

export async function startE2eBot(extraEnv: Record<string, string> = {}): Promise<E2eBot> {
  const graph = await new GraphApiMock({
    accessToken: E2E_SECRETS.WP_ACCESS_TOKEN,
    phoneNumberId: '106540352242922',
  }).start();
  const airtable = await new AirtableMock({ apiKey: E2E_SECRETS.AIRTABLE_API_KEY }).start();
  const openai = await new OpenAiMock({ apiKey: E2E_SECRETS.OPENAI_API_KEY }).start();
  const server = await startTestApp({
    ...E2E_SECRETS,
    WP_PHONE_ID: '106540352242922',
    GRAPH_API_URL: graph.url,
    GRAPH_RETRY_BASE_DELAY_MS: '50',
    AIRTABLE_BASE_ID: airtable.baseId,
    AIRTABLE_ENDPOINT_URL: airtable.endpointUrl,
    OPENAI_BASE_URL: openai.baseURL,
    OPENAI_MAX_RETRIES: '0',
    OPENAI_TIMEOUT_MS: '5000',
    ...extraEnv,
  });

  const post = (spec: InboundSpec) =>
    postWebhook(server.url, inboundWebhook(spec), { secret: E2E_SECRETS.WP_APP_SECRET }).then((r) => r.status);

  /** `sender` goes into every webhook this user posts; `ref` is who the bot answers. */
  const userOf = (ref: string, sender: InboundSpec): E2eUser => {
    const messages = () => graph.messagesTo(ref);
    const texts = () => messages().map(readableText);
    return {
      waId: ref,
      say: (text, id = newMessageId()) => post({ ...sender, id, text }),
      tap: (id, title) => post({ ...sender, button: { id, title } }),
      messages,
      texts,
      async waitForMessages(count, timeoutMs = 10_000) {
        await waitFor(() => messages().length >= count, { timeoutMs, description: `${count} messages to ${ref}` });
        return texts();
      },
    };
  };

  return {
    server,
    graph,
    airtable,
    openai,
    post,
    user: (waId, name = 'Test User') => userOf(waId, { from: waId, name }),
    usernameUser: (userId, username, name = 'Test User') => userOf(userId, { userId, username, name }),
    async stop() {
      await server.close();
      await Promise.all([graph.stop(), airtable.stop(), openai.stop()]);
    },
  };
}

/** What a user reads in a message body: a text's body or an interactive message's body text. */
export function readableText(body: Record<string, unknown>): string {
  if (body.type === 'text') return (body.text as { body: string }).body;
  if (body.type === 'interactive') return (body.interactive as { body: { text: string } }).body.text;
  return `[${String(body.type)}]`;
}
