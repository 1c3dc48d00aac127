import { Logger } from '@nestjs/common';
import { spawn } from 'node:child_process';
import type { Redis } from 'ioredis';
import { ADMIN_UNAUTHORIZED, DEAD_LETTER_NOT_FOUND, DLQ_USAGE } from '../../src/common/errors/error-messages.js';
import { InboxDrainer } from '../../src/inbound/bullmq/inbox-drainer.js';
import { UserInbox } from '../../src/inbound/bullmq/user-inbox.js';
import type { InboundEvent } from '../../src/whatsapp/inbound-message.js';
import { startTestApp } from '../helpers/create-test-app.js';
import { startE2eBot, type E2eBot } from '../helpers/e2e-bot.js';
import {
  deleteKeysWithPrefix,
  describeWithRedis,
  REDIS_TEST_URL,
  testRedis,
  uniquePrefix,
} from '../../src/testing/redis-test.js';
import { newMessageId } from '../helpers/signed-webhook.js';
import { PROJECT_ROOT } from '../helpers/spawn-app.js';

const describeRedis = await describeWithRedis();

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef-0123';

/** Runs `npm run dlq`'s script (the built CLI) with this run's Redis settings. */
function runDlq(prefix: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('node', ['dist/inbound/bullmq/dead-letters.cli.js', ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH, REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describeRedis('Dead letters: list and replay (e2e)', () => {
  const prefix = uniquePrefix('dead-letters');
  let redis: Redis;
  let bot: E2eBot;
  let inbox: UserInbox;

  beforeAll(async () => {
    redis = testRedis();
    inbox = new UserInbox(redis, prefix);
    bot = await startE2eBot({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix, ADMIN_TOKEN, QUEUE_MAX_ATTEMPTS: '2' });
  });
  afterAll(async () => {
    await bot?.stop();
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  /**
   * Puts a message in the dead-letter queue the way the worker does: accepted into the user's inbox, then every
   * attempt fails. The app has no job for it, so only this drainer ever sees it.
   */
  async function deadLetter(waId: string, text: string): Promise<string> {
    const id = newMessageId();
    const event: InboundEvent = {
      kind: 'message',
      message: {
        id,
        from: waId,
        profileName: 'Dee',
        timestamp: Math.floor(Date.now() / 1000),
        phoneNumberId: '106540352242922',
        type: 'text',
        text,
      },
    };
    await inbox.accept(waId, id, JSON.stringify(event), 60);
    Logger.overrideLogger(false);
    const failing = new InboxDrainer(inbox, () => Promise.reject(new RangeError('cannot handle this')), {
      lockTtlMs: 5000,
      maxAttempts: 1,
      backoffMs: 10,
    });
    expect(await failing.drain(waId, { shouldStop: () => false })).toEqual({ kind: 'done' });
    return id;
  }

  const admin = (path: string, init: RequestInit = {}, token: string | null = ADMIN_TOKEN) =>
    fetch(`${bot.server.url}/admin/dead-letters${path}`, {
      ...init,
      headers: token === null ? {} : { authorization: `Bearer ${token}` },
    });

  it('refuses the admin API without the right bearer token', async () => {
    for (const token of [null, 'wrong-token-wrong-token', `${ADMIN_TOKEN}x`]) {
      const response = await admin('', {}, token);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toBe(ADMIN_UNAUTHORIZED());
    }
  });

  it('lists dead letters without message bodies or full phone numbers, and replays one to the user', async () => {
    const user = bot.user('15558880001', 'Dee');
    const id = await deadLetter(user.waId, 'my secret text');

    const listed = await admin('');
    expect(listed.status).toBe(200);
    const body = await listed.json();
    expect(body).toEqual({
      total: 1,
      deadLetters: [
        {
          messageId: id,
          waId: '*******0001',
          type: 'text',
          errorCode: 'RangeError',
          attempts: 1,
          failedAt: expect.any(String),
        },
      ],
    });
    expect(JSON.stringify(body)).not.toContain('my secret text');

    const missing = await admin('/wamid.NOPE/replay', { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe(DEAD_LETTER_NOT_FOUND('wamid.NOPE'));

    const replayed = await admin(`/${encodeURIComponent(id)}/replay`, { method: 'POST' });
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toEqual({ replayed: id });
    const [menu] = await user.waitForMessages(1);
    expect(menu).toContain('Hi Dee!');
    expect(bot.graph.readReceipts().filter((receipt) => receipt.message_id === id)).toHaveLength(1);
    expect(await (await admin('')).json()).toEqual({ total: 0, deadLetters: [] });
  });

  it('lists and replays with npm run dlq', async () => {
    const user = bot.user('15558880002', 'Dee');
    const id = await deadLetter(user.waId, 'hi');

    const list = await runDlq(prefix, 'list');
    expect({ code: list.code, stderr: list.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(list.stdout)).toMatchObject({
      total: 1,
      deadLetters: [{ messageId: id, waId: '*******0002', errorCode: 'RangeError' }],
    });

    const unknown = await runDlq(prefix, 'replay', 'wamid.NOPE');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe(DEAD_LETTER_NOT_FOUND('wamid.NOPE'));

    const replay = await runDlq(prefix, 'replay', id);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toEqual({ replayed: [id] });
    await user.waitForMessages(1);

    const usage = await runDlq(prefix);
    expect(usage.code).toBe(2);
    expect(usage.stderr.trim()).toBe(DLQ_USAGE());
  });

  it('has no admin API without ADMIN_TOKEN', async () => {
    const app = await startTestApp({ REDIS_URL: REDIS_TEST_URL, REDIS_PREFIX: prefix });
    try {
      expect(
        (await fetch(`${app.url}/admin/dead-letters`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status,
      ).toBe(404);
    } finally {
      await app.close();
    }
  });
});
