import type { GraphMessagesRequest, GraphMessagesResponse } from '../whatsapp/message-transport.port.js';
import type { GraphErrorResponse } from '../whatsapp/local-recording-transport.adapter.js';

/**
 * What the simulator page and API exchange. Everything here is JSON: the page receives it over server-sent
 * events and from `GET /simulator/api/conversations`.
 */

/** A simulated WhatsApp user, with a profile name and their own conversation. */
export interface SimulatedUser {
  /**
   * The user's key (a UserRef): their wa_id, or, for a username-only user (no phone number), the BSUID the
   * simulator gave them. Every `waId` of the API and the events is this key.
   */
  readonly waId: string;
  readonly name: string;
  /** A username-only user's WhatsApp username, without the `@`: shown instead of a phone number. */
  readonly username?: string;
}

/** What a simulated user sends, as the page asks for it. The server turns it into Meta's webhook JSON. */
export type UserMessageContent =
  | { readonly type: 'text'; readonly text: string }
  /** A tapped reply button; `contextId` is the bot message that carried it. */
  | { readonly type: 'button_reply'; readonly id: string; readonly title: string; readonly contextId?: string }
  /** A picked list row; `contextId` is the bot message that carried the list. */
  | {
      readonly type: 'list_reply';
      readonly id: string;
      readonly title: string;
      readonly description?: string;
      readonly contextId?: string;
    }
  | {
      readonly type: 'location';
      readonly latitude: number;
      readonly longitude: number;
      readonly name?: string;
      readonly address?: string;
    }
  /** One of the bundled sample pictures, by file name. */
  | { readonly type: 'image'; readonly sample: string; readonly caption?: string }
  /** A reaction to a bot message; an empty emoji removes it. */
  | { readonly type: 'reaction'; readonly messageId: string; readonly emoji: string };

/** A `POST /simulator/api/messages` body once checked. */
export interface UserMessageRequest {
  /** A wa_id, or the BSUID of a username-only user the simulator created. */
  readonly waId: string;
  /** Profile name; only used when `waId` is not a known simulated user yet. */
  readonly name?: string;
  readonly content: UserMessageContent;
}

/** How the webhook for a user message went: the exact JSON posted to `/webhook` and its answer. */
export interface WebhookDelivery {
  /** The exact bytes posted (and signed), as text. */
  readonly raw: string;
  /** True when `X-Hub-Signature-256` was sent (WP_APP_SECRET is set). */
  readonly signed: boolean;
  /** The HTTP status `/webhook` answered; undefined while in flight or when it could not be reached. */
  readonly status?: number;
  /** Why the webhook could not be delivered, when it could not. */
  readonly error?: string;
}

/** Ticks of a user message: pending (clock), delivered (two grey ticks), read (two blue ticks), failed. */
export type UserMessageStatus = 'pending' | 'delivered' | 'read' | 'failed';

/** A message the simulated user sent. */
export interface UserEntry {
  readonly kind: 'user';
  /** Unique across the process, increasing: the page upserts entries by it. */
  readonly seq: number;
  readonly waId: string;
  /** The `wamid` of the inbound message. */
  readonly id: string;
  /** ISO time. */
  readonly at: string;
  readonly content: UserMessageContent;
  readonly webhook: WebhookDelivery;
  readonly status: UserMessageStatus;
}

/** One call the bot made to the (simulated) Graph API, with the schema check and Graph's answer. */
export interface GraphCall {
  readonly method: 'POST';
  /** `/{version}/{phone-number-id}/messages` */
  readonly path: string;
  readonly body: GraphMessagesRequest;
  readonly valid: boolean;
  readonly errors: readonly string[];
  readonly status: number;
  readonly response: GraphMessagesResponse | GraphErrorResponse;
}

/** A message the bot sent (or tried to: a `graph.status` other than 200 means Graph refused it). */
export interface BotEntry {
  readonly kind: 'bot';
  readonly seq: number;
  readonly waId: string;
  /** The `wamid` Graph answered with; undefined when refused. */
  readonly id?: string;
  readonly at: string;
  /** The user message this answers (the user's latest at the time), for the inspector's grouping. */
  readonly trigger?: string;
  readonly graph: GraphCall;
}

/** A read receipt (optionally with the typing indicator) the bot sent for a user message. */
export interface ReceiptEntry {
  readonly kind: 'receipt';
  readonly seq: number;
  readonly waId: string;
  readonly at: string;
  /** The user message marked read. */
  readonly trigger: string;
  readonly typing: boolean;
  readonly graph: GraphCall;
}

/** Something the tester did to the conversation itself, such as time travel: shown as a centred note. */
export interface NoteEntry {
  readonly kind: 'note';
  readonly seq: number;
  readonly waId: string;
  readonly at: string;
  readonly text: string;
}

export type ConversationEntry = UserEntry | BotEntry | ReceiptEntry | NoteEntry;

/** What the event stream carries; each becomes one SSE `event:` of the same name. */
export type SimulatorEvent =
  | { readonly type: 'entry'; readonly entry: ConversationEntry }
  | { readonly type: 'user'; readonly user: SimulatedUser }
  /** The bot shows "typing…" to `waId` until its next message or `until` (ISO time), whichever is first. */
  | { readonly type: 'typing'; readonly waId: string; readonly until: string };
