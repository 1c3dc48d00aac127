/**
 * The open-loop load: webhooks at a fixed rate, on schedule whether or not the server keeps up. A closed loop
 * (autocannon) waits for each answer before the next request, so a slow server is asked less and its latency
 * looks better than it is; here each message's latency counts from its scheduled send time.
 */
import { Pool } from 'undici';
import { webhookTraffic, type SentMessage, type TrafficOptions } from './webhook-traffic.js';

export interface FixedRateOptions extends TrafficOptions {
  readonly baseUrl: string;
  readonly messagesPerSecond: number;
  readonly durationSeconds: number;
}

export interface FixedRateResult {
  readonly sent: Map<string, SentMessage>;
  readonly startedAtMs: number;
  /** Messages the webhook answered 2xx within ACK_GRACE_MS after the schedule ended. */
  readonly ackedCount: number;
}

/** Enough sockets that a slow answer never delays the next scheduled send. */
const CONNECTIONS = 128;
const ACK_GRACE_MS = 10_000;

export async function runFixedRate(options: FixedRateOptions): Promise<FixedRateResult> {
  const sent = new Map<string, SentMessage>();
  const nextWebhook = webhookTraffic(options, sent);
  const pool = new Pool(options.baseUrl, { connections: CONNECTIONS, pipelining: 1 });
  const total = Math.round(options.messagesPerSecond * options.durationSeconds);
  const intervalMs = 1000 / options.messagesPerSecond;
  const answers: Promise<void>[] = [];

  const send = (scheduledAtMs: number) => {
    const { message, body, signature } = nextWebhook(scheduledAtMs);
    const answer = pool
      .request({
        method: 'POST',
        path: '/webhook',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      })
      .then(async (response) => {
        await response.body.dump();
        if (response.statusCode >= 200 && response.statusCode < 300) message.acked = true;
      })
      // A failed request is an unacknowledged message: counted, not thrown.
      .catch(() => undefined);
    answers.push(answer);
  };

  const startedAtMs = Date.now();
  let scheduled = 0;
  while (scheduled < total) {
    // Every message whose time has come, including those a late timer made overdue.
    const due = Math.min(total, Math.floor((Date.now() - startedAtMs) / intervalMs) + 1);
    for (; scheduled < due; scheduled++) send(startedAtMs + scheduled * intervalMs);
    await new Promise((resolveTick) => setTimeout(resolveTick, 1));
  }
  await Promise.race([
    Promise.all(answers),
    new Promise((resolveLate) => setTimeout(resolveLate, ACK_GRACE_MS).unref()),
  ]);
  await pool.destroy();
  let ackedCount = 0;
  for (const message of sent.values()) if (message.acked) ackedCount++;
  return { sent, startedAtMs, ackedCount };
}
