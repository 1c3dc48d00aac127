import { FLOOD_GUARD_TEXT } from '../../src/inbound/flood-guard/flood-guard.texts.js';
import { BotCluster, type Instance } from '../helpers/bot-cluster.js';
import { startE2eBot, type E2eBot } from '../helpers/e2e-bot.js';
import { describeWithRedis } from '../../src/testing/redis-test.js';
import { newMessageId } from '../helpers/signed-webhook.js';
import type { GraphApiMock } from '../../src/testing/mocks/graph-api.mock-server.js';
import type { OpenAiMock } from '../../src/testing/mocks/openai.mock-server.js';

const describeRedis = await describeWithRedis();

const LIMIT = 3;
const runTag = String(Math.floor(Math.random() * 900) + 100);
let nextUser = 0;
/** A fresh wa_id per test, so tests never share a budget or a conversation. */
const freshWaId = () => `1557${runTag}${String(++nextUser).padStart(4, '0')}`;

/** One user as both modes drive it: `say` posts a signed text and resolves with the status. */
interface FloodUser {
  readonly waId: string;
  say(text: string, id?: string): Promise<number>;
  waitForMessages(count: number): Promise<string[]>;
}

interface FloodSetup {
  readonly graph: GraphApiMock;
  readonly openai: OpenAiMock;
  user(waId: string): FloodUser;
  /** Runs after the first half of the flood has been answered (the cluster moves the user to another process). */
  halfway(): Promise<void>;
}

/**
 * The rule, checked the same way in-process and with two instances sharing Redis: with USER_MESSAGES_PER_MINUTE=3,
 * six messages of one user get three answers and one notice; the dropped ones cost no read receipt and no OpenAI
 * call; a global command beyond the limit is still answered; another user is unaffected.
 */
function describeFloodGuardRule(setup: () => FloodSetup): void {
  it('answers the limit, drops the rest with one notice, still answers a global command, and spares other users', async () => {
    const { graph, openai, user: userOf, halfway } = setup();
    const flooder = userOf(freshWaId());
    const tag = `${flooder.waId}-q`;
    const ids = Array.from({ length: 6 }, () => newMessageId());
    // 'AI chat' enters the AI chat: each answered question would cost an OpenAI call.
    const texts = ['AI chat', `${tag}1`, `${tag}2`, `${tag}3`, `${tag}4`, `${tag}5`];

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await flooder.say(texts[i], ids[i]));
    await flooder.waitForMessages(3);
    await halfway();
    for (let i = 3; i < 6; i++) statuses.push(await flooder.say(texts[i], ids[i]));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);

    // One user's messages are processed in order, so once the command is answered every earlier one was handled.
    expect(await flooder.say('menu')).toBe(200);
    const answers = await flooder.waitForMessages(5);

    expect(answers).toHaveLength(5);
    expect(answers[0]).toMatch(/AI assistant/);
    expect(answers.slice(1, 4)).toEqual([`Echo: ${tag}1`, `Echo: ${tag}2`, FLOOD_GUARD_TEXT.notice]);
    expect(answers[4]).toMatch(/What would you like to do\?/);
    expect(answers.filter((text) => text === FLOOD_GUARD_TEXT.notice)).toHaveLength(1);
    // Dropped before the read receipt and the flows: no Graph receipt, no OpenAI call.
    const asked = openai.requests().map((messages) => messages.at(-1)?.content);
    expect(asked.filter((content) => content?.startsWith(tag))).toEqual([`${tag}1`, `${tag}2`]);
    const receipted = new Set(graph.readReceipts().map((receipt) => receipt.message_id));
    expect(ids.map((id) => receipted.has(id))).toEqual([true, true, true, false, false, false]);

    const other = userOf(freshWaId());
    expect(await other.say('hi')).toBe(200);
    expect(await other.say('hi again')).toBe(200);
    const otherAnswers = await other.waitForMessages(2);
    expect(otherAnswers.every((text) => /What would you like to do\?/.test(text))).toBe(true);
  }, 60_000);
}

describe('Per-user flood guard (e2e, in-process)', () => {
  let bot: E2eBot;

  beforeAll(async () => {
    bot = await startE2eBot({ USER_MESSAGES_PER_MINUTE: String(LIMIT) });
  });
  afterAll(async () => {
    await bot?.stop();
  });

  describeFloodGuardRule(() => ({
    graph: bot.graph,
    openai: bot.openai,
    user: (waId) => {
      const user = bot.user(waId);
      return { waId, say: (text, id) => user.say(text, id), waitForMessages: (count) => user.waitForMessages(count) };
    },
    halfway: async () => undefined,
  }));

  it('logs the first drop at warn with the masked wa_id, never the text', async () => {
    const user = bot.user(freshWaId());
    for (let i = 0; i < LIMIT + 2; i++) expect(await user.say(`private words ${i}`)).toBe(200);
    expect(await user.say('cancel')).toBe(200);
    await user.waitForMessages(LIMIT + 2);

    const warnings = bot.server.logsWith('sender over the per-minute limit: dropping their messages, notice sent');
    const mine = warnings.filter((record) => record.waId === `*******${user.waId.slice(-4)}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ level: 40, limitPerMinute: LIMIT });
    const drops = bot.server
      .logsWith('message dropped: sender over the per-minute limit')
      .filter((record) => record.waId === mine[0].waId);
    expect(drops).toHaveLength(2);
    expect(JSON.stringify([...mine, ...drops])).not.toContain('private words');
  }, 30_000);
});

describeRedis('Per-user flood guard (e2e, two instances sharing Redis)', () => {
  let cluster: BotCluster;
  /** The one process running: A for the first half of the flood, B for the rest. */
  let current: Instance;

  beforeAll(async () => {
    cluster = await BotCluster.start({ env: { USER_MESSAGES_PER_MINUTE: String(LIMIT) } });
    current = await cluster.spawn('A');
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
  });

  // A takes and processes the first three messages, then B alone the rest: B can only know the user's budget is
  // spent (and drop the fourth) if the budget lives in Redis rather than in A's memory.
  describeFloodGuardRule(() => ({
    graph: cluster.graph,
    openai: cluster.openai,
    user: (waId) => {
      const user = cluster.user(waId);
      return {
        waId,
        say: (text, id) => user.say(current, text, id),
        waitForMessages: (count) => user.waitForMessages(count),
      };
    },
    halfway: async () => {
      const previous = current;
      current = await cluster.spawn('B');
      expect(await cluster.terminate(previous)).toBe(0);
    },
  }));
});
