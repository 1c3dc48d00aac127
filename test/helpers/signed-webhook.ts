import { signBody } from '../../src/webhook/signature.js';

export interface WebhookResponse {
  readonly status: number;
  readonly text: string;
  readonly contentType: string | null;
}

export interface PostOptions {
  /** Signs the raw bytes with this secret (as Meta does); omit to send no signature. */
  readonly secret?: string;
  /** Sends this header value instead (for malformed signatures). */
  readonly signature?: string;
  readonly contentType?: string;
}

/** POSTs raw bytes (or an object, serialized once) to `/webhook`, signed over exactly the bytes sent. */
export async function postWebhook(baseUrl: string, body: unknown, options: PostOptions = {}): Promise<WebhookResponse> {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  const signature = options.signature ?? (options.secret !== undefined ? signBody(raw, options.secret) : undefined);
  if (signature !== undefined) headers['x-hub-signature-256'] = signature;
  const response = await fetch(`${baseUrl}/webhook`, {
    method: 'POST',
    headers,
    body: raw,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text(), contentType: response.headers.get('content-type') };
}

let sequence = 0;
/** A unique `wamid` for test messages. */
export const newMessageId = () => `wamid.TEST${Date.now().toString(36)}${(++sequence).toString(36).padStart(6, '0')}`;

export interface InboundSpec {
  /** The sender's wa_id; omitted for a username-only user (the 2026 shape: `from_user_id` only). */
  readonly from?: string;
  /** The sender's business-scoped user id (BSUID): `from_user_id` and `contacts[].user_id`. */
  readonly userId?: string;
  readonly username?: string;
  readonly name?: string;
  readonly id?: string;
  /** Typed text, or... */
  readonly text?: string;
  /** ...a tapped reply button, or... */
  readonly button?: { readonly id: string; readonly title: string };
  /** ...a system message (`user_changed_number`, `user_changed_user_id`...), with its fields as Meta names them. */
  readonly system?: Record<string, string>;
}

/** One message object as Meta nests it in `value.messages`. */
function messageObject(spec: InboundSpec): Record<string, unknown> {
  const base = {
    ...(spec.from !== undefined ? { from: spec.from } : {}),
    ...(spec.userId !== undefined ? { from_user_id: spec.userId } : {}),
    id: spec.id ?? newMessageId(),
    timestamp: String(Math.floor(Date.now() / 1000)),
  };
  if (spec.system) return { ...base, type: 'system', system: spec.system };
  if (spec.button)
    return { ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: spec.button } };
  return { ...base, type: 'text', text: { body: spec.text ?? '' } };
}

/** The `contacts` entry of a sender: wa_id and/or user_id, profile name and username. */
function contactObject(spec: InboundSpec): Record<string, unknown> {
  return {
    profile: { name: spec.name ?? 'Test User', ...(spec.username !== undefined ? { username: spec.username } : {}) },
    ...(spec.from !== undefined ? { wa_id: spec.from } : {}),
    ...(spec.userId !== undefined ? { user_id: spec.userId } : {}),
  };
}

/** A change value with its contacts and messages, as Meta sends for one business number. */
function changeValue(specs: readonly InboundSpec[]) {
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
    contacts: specs.map(contactObject),
    messages: specs.map(messageObject),
  };
}

/** A webhook body with one entry and one change carrying `specs` (a batch when there are several). */
export function inboundWebhook(...specs: InboundSpec[]): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '419561257915477', changes: [{ field: 'messages', value: changeValue(specs) }] }],
  };
}

/** A webhook body with one entry per group and one change per spec in it: Meta's largest batch shape. */
export function batchedWebhook(entries: readonly (readonly InboundSpec[])[]): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: entries.map((specs, index) => ({
      id: `41956125791547${index}`,
      changes: specs.map((spec) => ({ field: 'messages', value: changeValue([spec]) })),
    })),
  };
}

/** A delivery status webhook for the bot's message `messageId` to `to`, as Meta sends it (`failed` with `error`). */
export function statusWebhook(
  messageId: string,
  to: string,
  status: string,
  error?: { readonly code: number; readonly title: string },
): Record<string, unknown> {
  const statusObject = {
    id: messageId,
    status,
    timestamp: String(Math.floor(Date.now() / 1000)),
    recipient_id: to,
    ...(error ? { errors: [{ ...error, message: error.title }] } : {}),
  };
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '419561257915477',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              statuses: [statusObject],
            },
          },
        ],
      },
    ],
  };
}
