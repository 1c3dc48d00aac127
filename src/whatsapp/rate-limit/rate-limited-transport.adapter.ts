import { Logger } from '@nestjs/common';
import { setTimeout as sleepMs } from 'node:timers/promises';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { Metrics } from '../../metrics/metrics.js';
import {
  MessageTransport,
  recipientOf,
  type GraphMessagesRequest,
  type GraphMessagesResponse,
} from '../message-transport.port.js';
import { OutboundRateLimitError } from './rate-limit.error.js';
import { type SendRateLimiter } from './send-rate-limiter.port.js';
import type { SendDecision } from './token-bucket.js';

/**
 * Asks per send. A refusal only comes back for the user's own pair budget, which is free again after the wait
 * it names, so the second ask normally succeeds; more asks mean another instance is messaging the same user.
 */
const MAX_ACQUIRE_ATTEMPTS = 4;

export interface RateLimitedTransportOptions {
  /** Longest a send waits for its turn (RATE_LIMIT_MAX_WAIT_MS); beyond it the send fails instead. */
  readonly maxWaitMs: number;
  /** Injected for tests, so they assert the computed waits instead of timing real ones. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Records each send's wait (`whatsapp_rate_limit_wait_seconds`). */
  readonly metrics?: Metrics;
}

/**
 * Holds each send until the sending number's and the user's budgets allow it (see `decideSend`), then hands it
 * to the wrapped transport. Read receipts and typing indicators (no `to`) count against the number only: they
 * are no message to the user, so the pair limit does not apply, but they are calls to the same `/messages`
 * endpoint and Meta documents no exemption from the number's throughput, so they take a slot like any send.
 *
 * Waiting keeps each user's order: one user's sends are sequential (the inbound queue runs a user's messages
 * one at a time and every caller awaits each send), so a later message to that user cannot start waiting
 * before the earlier one has been sent. Other users are not held up by one user's pair limit: that wait
 * reserves nothing of the number's budget.
 *
 * When the limiter itself fails (Redis unreachable), the send goes out unthrottled and a warning is logged:
 * Graph's own 130429/131056 answers, which the retry policy handles, are a better fallback than no replies.
 */
export class RateLimitedTransport extends MessageTransport {
  private readonly logger = new Logger(RateLimitedTransport.name);
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly metrics: Metrics;

  constructor(
    private readonly inner: MessageTransport,
    private readonly limiter: SendRateLimiter,
    private readonly options: RateLimitedTransportOptions,
  ) {
    super();
    this.sleep = options.sleep ?? ((ms) => sleepMs(ms));
    this.metrics = options.metrics ?? new Metrics();
  }

  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    await this.waitForTurn(recipientOf(body));
    return this.inner.post(body);
  }

  private async waitForTurn(recipient: string | undefined): Promise<void> {
    const { maxWaitMs } = this.options;
    let waitedMs = 0;
    let lastBucket: 'number' | 'recipient' = 'recipient';
    for (let attempt = 1; attempt <= MAX_ACQUIRE_ATTEMPTS; attempt++) {
      const remainingMs = maxWaitMs - waitedMs;
      const decision = await this.acquire(recipient, remainingMs);
      // The limiter could not decide: no wait of ours to record (the send goes out unthrottled).
      if (decision === undefined) return;
      if (decision.granted) {
        if (decision.waitMs > 0) await this.sleep(decision.waitMs);
        this.metrics.rateLimitWaited((waitedMs + decision.waitMs) / 1000);
        return;
      }
      if (decision.waitMs > remainingMs) {
        // Refused without waiting the rest: what was waited is still recorded.
        this.metrics.rateLimitWaited(waitedMs / 1000);
        throw new OutboundRateLimitError(decision.bucket, waitedMs + decision.waitMs, maxWaitMs);
      }
      this.logger.debug(
        { waId: maskPhone(recipient), bucket: decision.bucket, waitMs: decision.waitMs, attempt },
        'send waits for its rate limit',
      );
      await this.sleep(decision.waitMs);
      waitedMs += decision.waitMs;
      lastBucket = decision.bucket;
    }
    this.metrics.rateLimitWaited(waitedMs / 1000);
    throw new OutboundRateLimitError(lastBucket, waitedMs, maxWaitMs);
  }

  /** The limiter's decision, or `undefined` when it could not decide (see the class comment: fail open). */
  private async acquire(recipient: string | undefined, maxWaitMs: number): Promise<SendDecision | undefined> {
    try {
      return await this.limiter.acquire(recipient, maxWaitMs);
    } catch (error) {
      this.logger.warn({ err: error, waId: maskPhone(recipient) }, 'rate limiter unavailable: sending without it');
      return undefined;
    }
  }
}
