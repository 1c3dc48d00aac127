import { isUserId } from '../common/user-ref.js';
import type { SimulatedUser } from './simulator.types.js';

/** The business side of a webhook: which WhatsApp Business Account and number received the message. */
export interface BusinessIdentity {
  /** The WhatsApp Business Account id (`entry[].id`). */
  readonly wabaId: string;
  readonly phoneNumberId: string;
  /** The business number as users dial it, digits only. */
  readonly displayPhoneNumber: string;
}

/** The message object of one inbound message, before the envelope: Meta's per-type shape, `from`/`id`/... added here. */
export type InboundMessageObject =
  | { readonly type: 'text'; readonly text: { readonly body: string } }
  | {
      readonly type: 'interactive';
      /** Which bot message the tap answers; Meta always sends it, the simulator whenever it knows. */
      readonly context?: MessageContext;
      readonly interactive:
        | { readonly type: 'button_reply'; readonly button_reply: { readonly id: string; readonly title: string } }
        | {
            readonly type: 'list_reply';
            readonly list_reply: { readonly id: string; readonly title: string; readonly description?: string };
          };
    }
  | {
      readonly type: 'location';
      readonly location: {
        readonly latitude: number;
        readonly longitude: number;
        readonly name?: string;
        readonly address?: string;
      };
    }
  | {
      readonly type: 'image';
      readonly image: {
        readonly caption?: string;
        readonly mime_type: string;
        readonly sha256: string;
        readonly id: string;
      };
    }
  | { readonly type: 'reaction'; readonly reaction: { readonly message_id: string; readonly emoji?: string } };

/** `context` of a reply: the business number and the message replied to. */
export interface MessageContext {
  readonly from: string;
  readonly id: string;
}

export interface InboundWebhookInput {
  readonly business: BusinessIdentity;
  readonly user: SimulatedUser;
  /** The new message's `wamid`. */
  readonly messageId: string;
  /** Seconds since the epoch. */
  readonly timestamp: number;
  readonly message: InboundMessageObject;
}

/**
 * The webhook body Meta posts for one inbound message, key for key as in the examples of Meta's spec
 * (`/whatsapp/webhooks`, e.g. "Text Message", "Interactive Button Reply Message"): one entry, one `messages`
 * change, the sender in `contacts`, `context` first on replies, the timestamp as a string of seconds.
 * A username-only user is sent in the 2026 shape: `from_user_id` and `user_id` (their BSUID), the username in the
 * profile, and no `from` or `wa_id`, since Meta withholds the phone number of such users.
 */
export function buildInboundWebhook(input: InboundWebhookInput): Record<string, unknown> {
  const { business, user, message } = input;
  const { type, ...rest } = message;
  const { context, ...body }: { context?: MessageContext } & Record<string, unknown> = rest;
  const usernameOnly = isUserId(user.waId);
  const profile = { name: user.name, ...(user.username !== undefined ? { username: user.username } : {}) };
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.wabaId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId },
              contacts: [usernameOnly ? { profile, user_id: user.waId } : { profile, wa_id: user.waId }],
              messages: [
                {
                  ...(context ? { context } : {}),
                  ...(usernameOnly ? { from_user_id: user.waId } : { from: user.waId }),
                  id: input.messageId,
                  timestamp: String(input.timestamp),
                  type,
                  ...body,
                },
              ],
            },
            field: 'messages',
          },
        ],
      },
    ],
  };
}
