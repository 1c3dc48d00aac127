/**
 * What the code uses of an inbound WhatsApp webhook, after validation and mapping
 * (the wire shape lives in `webhook/dto`). One `InboundEvent` per message, status or error of a batch.
 */

/** Shared by every inbound message. */
export interface InboundMessageBase {
  /** Meta's message id (`wamid...`): the dedupe key. */
  readonly id: string;
  /** Sender's wa_id (phone number without `+`). Absent when the user is known only by a username-style id. */
  readonly from?: string;
  /** Business-scoped user id (`from_user_id` / `user_id`), present for username-only senders. */
  readonly fromUserId?: string;
  /** The sender's WhatsApp profile name, when the webhook carried one. */
  readonly profileName?: string;
  /** The sender's WhatsApp username, once they adopted one. For display only: users can change it. */
  readonly username?: string;
  /** Seconds since the epoch, as Meta sends it. */
  readonly timestamp: number;
  /** The business phone-number id that received the message. */
  readonly phoneNumberId: string;
  /** Set when the message replies to or forwards another one. */
  readonly context?: InboundContext;
  /** Set when the user came from an ad (Click to WhatsApp). */
  readonly referral?: Record<string, unknown>;
}

export interface InboundContext {
  readonly messageId?: string;
  readonly from?: string;
  readonly forwarded?: boolean;
  readonly frequentlyForwarded?: boolean;
}

export interface InboundMedia {
  readonly id: string;
  readonly mimeType?: string;
  readonly sha256?: string;
  readonly caption?: string;
  readonly filename?: string;
  /** Audio recorded in the app rather than attached. */
  readonly voice?: boolean;
  readonly animated?: boolean;
}

export interface InboundLocation {
  readonly latitude: number;
  readonly longitude: number;
  readonly name?: string;
  readonly address?: string;
  readonly url?: string;
}

export type InboundMessage = InboundMessageBase &
  (
    | { readonly type: 'text'; readonly text: string }
    | { readonly type: 'image' | 'video' | 'audio' | 'document' | 'sticker'; readonly media: InboundMedia }
    | { readonly type: 'location'; readonly location: InboundLocation }
    | { readonly type: 'contacts'; readonly contacts: readonly Record<string, unknown>[] }
    /** A tapped reply button or list row. */
    | {
        readonly type: 'interactive';
        readonly reply: {
          readonly kind: 'button_reply' | 'list_reply';
          readonly id: string;
          readonly title: string;
          readonly description?: string;
        };
      }
    /** A WhatsApp Flow submitted (`nfm_reply`). */
    | { readonly type: 'flow_reply'; readonly responseJson: string; readonly body?: string; readonly name?: string }
    /** A template quick-reply button. */
    | { readonly type: 'button'; readonly payload: string; readonly text: string }
    /** `emoji` is absent when the user removed a reaction. */
    | { readonly type: 'reaction'; readonly reaction: { readonly messageId: string; readonly emoji?: string } }
    | { readonly type: 'order'; readonly order: Record<string, unknown> }
    | {
        readonly type: 'system';
        readonly system: {
          readonly body?: string;
          /** `user_changed_number` (`customer_changed_number` in older payloads), `user_changed_user_id`... */
          readonly kind?: string;
          readonly newWaId?: string;
          /** `user_changed_user_id`: the new BSUID and the one it replaces. */
          readonly userId?: string;
          readonly previousUserId?: string;
        };
      }
    /** Types the service does not model (or Meta does not support): never answered as if they were text. */
    | { readonly type: 'unsupported'; readonly originalType: string; readonly errors?: readonly GraphErrorInfo[] }
  );

export type InboundMessageType = InboundMessage['type'];

export interface GraphErrorInfo {
  readonly code: number;
  readonly title?: string;
  readonly message?: string;
  readonly details?: string;
}

/** A delivery status of a message the business sent. */
export interface InboundStatus {
  /** The id of the outbound message this status is about. */
  readonly id: string;
  readonly status: 'sent' | 'delivered' | 'read' | 'failed' | (string & {});
  readonly recipientId?: string;
  /** The recipient's business-scoped user id (BSUID); the only id when they are known by username alone. */
  readonly recipientUserId?: string;
  readonly timestamp: number;
  readonly phoneNumberId: string;
  readonly conversation?: { readonly id?: string; readonly expiresAt?: number; readonly originType?: string };
  readonly pricing?: {
    readonly billable?: boolean;
    readonly pricingModel?: string;
    readonly category?: string;
    readonly type?: string;
  };
  readonly errors?: readonly GraphErrorInfo[];
}

export type InboundEvent =
  | { readonly kind: 'message'; readonly message: InboundMessage }
  | { readonly kind: 'status'; readonly status: InboundStatus }
  /** Errors Meta reports at the change level (not tied to one message). */
  | { readonly kind: 'error'; readonly phoneNumberId: string; readonly errors: readonly GraphErrorInfo[] };

/** `Omit` applied to each member of a union (plain `Omit` would merge `InboundMessage`'s members into one). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
