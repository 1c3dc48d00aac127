/**
 * The load: autocannon POSTs signed webhooks, one text message each, from many users, every message id unique
 * and carrying its own bookkeeping (see bench-protocol.ts).
 */
import { createHmac } from 'node:crypto';
import autocannon from 'autocannon';
import { BENCH_PHONE_ID, encodeMessageId, waIdOf } from './bench-protocol.js';

export interface LoadOptions {
  readonly baseUrl: string;
  readonly appSecret: string;
  readonly target: string;
  /** Picks the target's own wa_id range (see waIdOf). */
  readonly targetIndex: number;
  readonly round: number;
  readonly durationSeconds: number;
  readonly connections: number;
  /** Distinct wa_ids. */
  readonly users: number;
  /**
   * Every `hotEvery`-th message goes to one of `hotUsers` chatty users, so some users have several messages
   * in flight at once and per-user order is really put to the test.
   */
  readonly hotUsers: number;
  readonly hotEvery: number;
}

/** One message the load generator sent. `acked` once the webhook answered 2xx. */
export interface SentMessage {
  readonly id: string;
  readonly waId: string;
  readonly user: number;
  readonly seq: number;
  readonly sentAtMs: number;
  acked: boolean;
}

export interface LoadResult {
  readonly sent: Map<string, SentMessage>;
  readonly startedAtMs: number;
  readonly durationSeconds: number;
  readonly ackedCount: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
}

function webhookBody(waId: string, id: string): string {
  const timestamp = Math.floor(Date.now() / 1000);
  return (
    `{"object":"whatsapp_business_account","entry":[{"id":"419561257915477","changes":[{"field":"messages","value":` +
    `{"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550783881","phone_number_id":"${BENCH_PHONE_ID}"},` +
    `"contacts":[{"profile":{"name":"Bench User"},"wa_id":"${waId}"}],` +
    `"messages":[{"from":"${waId}","id":"${id}","timestamp":"${timestamp}","type":"text","text":{"body":"hi"}}]}}]}]}`
  );
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const sent = new Map<string, SentMessage>();
  const seqByUser = new Map<number, number>();
  // autocannon hands setupRequest and onResponse the same per-connection context, one request at a time
  // (no pipelining): it tells which message an answer belongs to.
  const inFlight = new WeakMap<object, SentMessage>();
  let counter = 0;

  const nextUser = (): number => {
    const n = counter++;
    if (n % options.hotEvery === 0) return (n / options.hotEvery) % options.hotUsers;
    return options.hotUsers + (n % (options.users - options.hotUsers));
  };

  const startedAtMs = Date.now();
  const result = await autocannon({
    url: options.baseUrl,
    connections: options.connections,
    pipelining: 1,
    duration: options.durationSeconds,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/webhook',
        setupRequest: (request, context) => {
          const user = nextUser();
          const seq = (seqByUser.get(user) ?? 0) + 1;
          seqByUser.set(user, seq);
          const sentAtMs = Date.now();
          const id = encodeMessageId({ target: options.target, round: options.round, user, seq, sentAtMs });
          const waId = waIdOf(options.targetIndex, user);
          const message: SentMessage = { id, waId, user, seq, sentAtMs, acked: false };
          sent.set(id, message);
          inFlight.set(context, message);
          const body = webhookBody(waId, id);
          const signature = `sha256=${createHmac('sha256', options.appSecret).update(body).digest('hex')}`;
          return {
            ...request,
            body,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          };
        },
        onResponse: (status, _body, context) => {
          const message = inFlight.get(context);
          if (message && status >= 200 && status < 300) message.acked = true;
        },
      },
    ],
  });
  let ackedCount = 0;
  for (const message of sent.values()) if (message.acked) ackedCount++;
  return {
    sent,
    startedAtMs,
    durationSeconds: result.duration,
    ackedCount,
    non2xx: result.non2xx,
    errors: result.errors,
    ackP50Ms: result.latency.p50,
    ackP99Ms: result.latency.p99,
  };
}
