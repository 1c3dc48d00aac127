import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { MessageTransport, type GraphMessagesRequest, type GraphMessagesResponse } from '../message-transport.port.js';
import { buildMarkRead, buildText } from '../outbound-message.builders.js';
import { MemorySendRateLimiter } from './memory-send-rate-limiter.adapter.js';
import { bucketLimits } from './rate-limit.config.js';
import { OutboundRateLimitError } from './rate-limit.error.js';
import { RateLimitedTransport } from './rate-limited-transport.adapter.js';
import { SendRateLimiter } from './send-rate-limiter.port.js';
import type { SendDecision } from './token-bucket.js';

const T0 = 1_700_000_000_000;
const ALICE = '15550000001';
const BOB = '15550000002';

/** What reached the wrapped transport, with the (fake) time it arrived. */
interface Sent {
  readonly atMs: number;
  readonly body: GraphMessagesRequest;
}

class RecordingTransport extends MessageTransport {
  readonly sent: Sent[] = [];
  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    this.sent.push({ atMs: Date.now() - T0, body });
    return { messages: [{ id: `wamid.${this.sent.length}` }] };
  }
}

/** A limiter that cannot reach its store. */
class BrokenLimiter extends SendRateLimiter {
  override async acquire(): Promise<SendDecision> {
    throw new Error('Connection is closed.');
  }
}

/** Answers from a script, and records the max wait of each ask. */
class ScriptedLimiter extends SendRateLimiter {
  readonly maxWaits: number[] = [];
  constructor(private readonly decisions: SendDecision[]) {
    super();
  }
  override async acquire(_recipient: string | undefined, maxWaitMs: number): Promise<SendDecision> {
    this.maxWaits.push(maxWaitMs);
    return this.decisions.shift() ?? { granted: true, waitMs: 0 };
  }
}

/** Real timers would make the test slow and flaky; Jest's fake clock drives both Date.now and the sleeps. */
const fakeSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `text` of a recorded text message body. */
const textOf = (sent: Sent) => (sent.body.text as { body: string } | undefined)?.body;

describe('RateLimitedTransport', () => {
  let inner: RecordingTransport;
  let transport: RateLimitedTransport;

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    inner = new RecordingTransport();
    // Meta's pair defaults (burst 10, then one per 6 s), and a number generous enough to stay out of the way.
    const limits = bucketLimits({ perSecond: 80, pairBurst: 10, pairIntervalMs: 6000 });
    transport = new RateLimitedTransport(inner, new MemorySendRateLimiter(limits), {
      maxWaitMs: 60_000,
      sleep: fakeSleep,
    });
  });
  afterEach(() => jest.useRealTimers());

  it("keeps one user's order while waiting, and does not make another user wait behind them", async () => {
    // Alice's sends are sequential, as the inbound queue makes them: each awaits the previous one.
    const alice = (async () => {
      for (let i = 1; i <= 12; i++) await transport.post(buildText(ALICE, `alice ${i}`));
    })();
    await jest.advanceTimersByTimeAsync(1000);
    expect(inner.sent).toHaveLength(10); // the burst; the 11th waits for the pair interval

    await transport.post(buildText(BOB, 'bob 1'));
    await jest.advanceTimersByTimeAsync(12_000);
    await alice;

    expect(inner.sent.map((sent) => [textOf(sent), sent.atMs])).toEqual([
      ...Array.from({ length: 10 }, (_, i) => [`alice ${i + 1}`, 0]),
      ['bob 1', 1000],
      ['alice 11', 6000],
      ['alice 12', 12_000],
    ]);
  });

  it("sends read receipts at once even when the user's pair budget is spent", async () => {
    for (let i = 1; i <= 10; i++) await transport.post(buildText(ALICE, `alice ${i}`));
    await transport.post(buildMarkRead('wamid.IN1', { typing: true }));
    await transport.post(buildMarkRead('wamid.IN2'));
    expect(inner.sent).toHaveLength(12);
    expect(inner.sent.slice(10).map((sent) => [sent.body.status, sent.atMs])).toEqual([
      ['read', 0],
      ['read', 0],
    ]);
  });

  it("holds read receipts for the number's next slot when the number is spent", async () => {
    const limits = bucketLimits({ perSecond: 2, pairBurst: 10, pairIntervalMs: 6000 });
    transport = new RateLimitedTransport(inner, new MemorySendRateLimiter(limits), {
      maxWaitMs: 60_000,
      sleep: fakeSleep,
    });
    await transport.post(buildText(ALICE, 'a'));
    await transport.post(buildText(BOB, 'b'));
    const receipt = transport.post(buildMarkRead('wamid.IN1'));
    await jest.advanceTimersByTimeAsync(499);
    expect(inner.sent).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    await receipt;
    expect(inner.sent.map((sent) => sent.atMs)).toEqual([0, 0, 500]);
  });

  it('fails with OutboundRateLimitError, sending nothing, when the wait would exceed the maximum', async () => {
    transport = new RateLimitedTransport(
      inner,
      new MemorySendRateLimiter(bucketLimits({ perSecond: 80, pairBurst: 1, pairIntervalMs: 6000 })),
      {
        maxWaitMs: 5000,
        sleep: fakeSleep,
      },
    );
    await transport.post(buildText(ALICE, 'first'));
    const error = await transport.post(buildText(ALICE, 'second')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutboundRateLimitError);
    expect(error).toMatchObject({
      code: 'WHATSAPP.RATE_LIMIT_WAIT_TOO_LONG',
      bucket: 'recipient',
      waitMs: 6000,
      maxWaitMs: 5000,
    });
    expect(inner.sent).toHaveLength(1);
  });

  it('counts the time already waited against the maximum', async () => {
    // Another instance took the token Alice waited for: the second refusal would bring her to 12 s.
    const limiter = new ScriptedLimiter([
      { granted: false, waitMs: 6000, bucket: 'recipient' },
      { granted: false, waitMs: 6000, bucket: 'recipient' },
    ]);
    transport = new RateLimitedTransport(inner, limiter, { maxWaitMs: 10_000, sleep: fakeSleep });
    const send = transport.post(buildText(ALICE, 'late')).catch((caught: unknown) => caught);
    await jest.advanceTimersByTimeAsync(6000);
    expect(await send).toMatchObject({ bucket: 'recipient', waitMs: 12_000, maxWaitMs: 10_000 });
    expect(limiter.maxWaits).toEqual([10_000, 4000]);
    expect(inner.sent).toEqual([]);
  });

  it("fails for the number's budget too, naming it", async () => {
    transport = new RateLimitedTransport(
      inner,
      new MemorySendRateLimiter(bucketLimits({ perSecond: 1, pairBurst: 10, pairIntervalMs: 6000 })),
      {
        maxWaitMs: 500,
        sleep: fakeSleep,
      },
    );
    await transport.post(buildText(ALICE, 'first'));
    await expect(transport.post(buildText(BOB, 'second'))).rejects.toMatchObject({ bucket: 'number', waitMs: 1000 });
  });

  it('sends unthrottled when the limiter fails, rather than not at all', async () => {
    transport = new RateLimitedTransport(inner, new BrokenLimiter(), { maxWaitMs: 60_000, sleep: fakeSleep });
    await transport.post(buildText(ALICE, 'still sent'));
    expect(inner.sent.map(textOf)).toEqual(['still sent']);
  });
});
