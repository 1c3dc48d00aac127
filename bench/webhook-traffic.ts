/**
 * The messages both load generators send: which user sends next (a few chatty users among many), the signed
 * webhook body, and the bookkeeping each message carries in its id (see bench-protocol.ts).
 */
import { createHmac } from 'node:crypto';
import { BENCH_PHONE_ID, encodeMessageId, waIdOf } from './bench-protocol.js';

export interface TrafficOptions {
  readonly appSecret: string;
  readonly target: string;
  /** Picks the target's own wa_id range (see waIdOf). */
  readonly targetIndex: number;
  readonly round: number;
  /** Distinct wa_ids. */
  readonly users: number;
  /**
   * Every `hotEvery`-th message goes to one of `hotUsers` chatty users, so some users have several messages
   * in flight at once and per-user order is really put to the test.
   */
  readonly hotUsers: number;
  readonly hotEvery: number;
}

/** One message a load generator sent. `acked` once the webhook answered 2xx. */
export interface SentMessage {
  readonly id: string;
  readonly waId: string;
  readonly user: number;
  readonly seq: number;
  readonly sentAtMs: number;
  acked: boolean;
}

export interface SignedWebhook {
  readonly message: SentMessage;
  readonly body: string;
  readonly signature: string;
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

/**
 * Returns a function that builds the next message, records it in `sent` and signs it. `sentAtMs` is when the
 * message counts as sent: now for the closed loop, its scheduled time for the open loop.
 */
export function webhookTraffic(
  options: TrafficOptions,
  sent: Map<string, SentMessage>,
): (sentAtMs: number) => SignedWebhook {
  const seqByUser = new Map<number, number>();
  let counter = 0;
  const nextUser = (): number => {
    const n = counter++;
    if (n % options.hotEvery === 0) return (n / options.hotEvery) % options.hotUsers;
    return options.hotUsers + (n % (options.users - options.hotUsers));
  };
  return (sentAtMs) => {
    const user = nextUser();
    const seq = (seqByUser.get(user) ?? 0) + 1;
    seqByUser.set(user, seq);
    const id = encodeMessageId({ target: options.target, round: options.round, user, seq, sentAtMs });
    const waId = waIdOf(options.targetIndex, user);
    const message: SentMessage = { id, waId, user, seq, sentAtMs, acked: false };
    sent.set(id, message);
    const body = webhookBody(waId, id);
    const signature = `sha256=${createHmac('sha256', options.appSecret).update(body).digest('hex')}`;
    return { message, body, signature };
  };
}
