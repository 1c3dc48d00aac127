import { startTestApp, type TestApp } from '../helpers/create-test-app.js';
import { inboundWebhook, postWebhook } from '../helpers/signed-webhook.js';
import { waitFor } from '../../src/testing/wait-for.js';
import { GraphApiMock, type GraphFailure } from '../../src/testing/mocks/graph-api.mock-server.js';

const SECRET = 'retry-app-secret';
let nextUser = 15550005000;

describe('Graph retries (e2e)', () => {
  let graph: GraphApiMock;
  let server: TestApp;

  beforeAll(async () => {
    graph = await new GraphApiMock({ accessToken: 'retry-token' }).start();
    server = await startTestApp({
      WP_APP_SECRET: SECRET,
      WP_VERIFY_TOKEN: 'v',
      WP_ACCESS_TOKEN: 'retry-token',
      WP_PHONE_ID: '106540352242922',
      GRAPH_API_URL: graph.url,
      GRAPH_RETRY_BASE_DELAY_MS: '50',
    });
  });
  afterAll(async () => {
    await server.close();
    await graph.stop();
  });

  /** A new user says hi while `failures` are queued for message sends; resolves with that user's send attempts. */
  async function greetWith(failures: GraphFailure[], settle: (calls: number) => boolean) {
    const waId = String(nextUser++);
    for (const failure of failures) graph.failNext(1, failure, 'message');
    expect((await postWebhook(server.url, inboundWebhook({ from: waId, text: 'hi' }), { secret: SECRET })).status).toBe(
      200,
    );
    const attempts = () =>
      graph.messageCalls().filter((call) => call.kind === 'message' && (call.body as { to?: string }).to === waId);
    await waitFor(() => settle(attempts().length), { timeoutMs: 10_000, description: 'send attempts' });
    return { waId, attempts: attempts() };
  }

  it('waits for Retry-After on a 429, then delivers exactly once', async () => {
    const { waId, attempts } = await greetWith([{ status: 429, graphCode: 4, retryAfterSeconds: 1 }], (n) => n === 2);
    expect(attempts.map((call) => call.status)).toEqual([429, 200]);
    expect(attempts[1].request.receivedAt - attempts[0].request.receivedAt).toBeGreaterThanOrEqual(1000);
    expect(graph.messagesTo(waId)).toHaveLength(1);
  });

  it('retries Graph code 130429 (sent with HTTP 400)', async () => {
    const { waId, attempts } = await greetWith([{ status: 400, graphCode: 130429 }], (n) => n === 2);
    expect(attempts.map((call) => call.status)).toEqual([400, 200]);
    expect(graph.messagesTo(waId)).toHaveLength(1);
  });

  it('survives a 500 then a dropped connection, delivering exactly once', async () => {
    const { waId, attempts } = await greetWith([{ status: 500 }, { drop: true }], (n) => n === 3);
    expect(attempts.map((call) => call.status)).toEqual([500, undefined, 200]);
    expect(graph.messagesTo(waId)).toHaveLength(1);
  });

  it('makes exactly one attempt on 131026 and logs the Graph code', async () => {
    const { waId } = await greetWith([{ status: 400, graphCode: 131026 }], (n) => n >= 1);
    const logged = await waitFor(() =>
      server.logsWith('graph request failed').find((record) => record.graphCode === 131026),
    );
    expect(logged).toMatchObject({ graphCode: 131026, attempt: 1 });
    // Give a wrong retry (first delay ≤ 2 s) the time to happen before asserting there was none.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const menus = graph
      .messageCalls()
      .filter(
        (call) =>
          (call.body as { to?: string; type?: string }).to === waId &&
          (call.body as { type?: string }).type === 'interactive',
      );
    expect(menus.map((call) => call.status)).toEqual([400]);
    // The failed menu ends in the dispatcher's apology, which Graph accepts.
    expect(graph.messagesTo(waId)).toEqual([expect.objectContaining({ type: 'text' })]);
  });

  it('sent nothing that Meta would refuse', () => {
    expect(graph.invalidBodies()).toEqual([]);
  });
});
