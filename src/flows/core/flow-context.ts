import type { InboundMessage } from '../../whatsapp/inbound-message.js';
import type { ListSection, MediaKind, ReplyButton } from '../../whatsapp/outbound-message.js';

export type { ListRow, ListSection, MediaKind, ReplyButton } from '../../whatsapp/outbound-message.js';

/** Header and footer of an interactive message (plain text, 60 characters at most). */
export interface InteractiveOptions {
  readonly header?: string;
  readonly footer?: string;
}

/**
 * Replies to the user of the current message. Every method sends through the WhatsApp client, which checks
 * Meta's limits first; flows never build Graph bodies themselves.
 */
export interface ReplyApi {
  /** Sends text; a body over WhatsApp's 4096 characters goes out as several messages. */
  text(body: string, options?: { readonly previewUrl?: boolean }): Promise<void>;
  /** Up to 3 reply buttons (title ≤ 20 characters). */
  buttons(body: string, buttons: readonly ReplyButton[], options?: InteractiveOptions): Promise<void>;
  /** A list menu: the user opens it with `buttonLabel` and picks one row (10 rows at most in all). */
  list(
    body: string,
    buttonLabel: string,
    sections: readonly ListSection[],
    options?: InteractiveOptions,
  ): Promise<void>;
  /** A button that opens a URL. */
  ctaUrl(body: string, displayText: string, url: string, options?: InteractiveOptions): Promise<void>;
  /** An image, audio, video, document or sticker, by uploaded media id or by public link. */
  media(
    kind: MediaKind,
    source: { readonly id: string } | { readonly link: string },
    options?: { readonly caption?: string; readonly filename?: string },
  ): Promise<void>;
  location(location: { latitude: number; longitude: number; name?: string; address?: string }): Promise<void>;
  /** Asks the user to share their location with a button. */
  locationRequest(body: string): Promise<void>;
  /** Reacts to the user's current message; an empty emoji removes the reaction. */
  react(emoji: string): Promise<void>;
}

/**
 * What a flow step sees: the message, the user, its own typed state and the reply API.
 * Flows switch with `enter` / `leave`, never by importing each other.
 */
export interface FlowContext<Step extends string = string, State extends object = Record<string, unknown>> {
  /** The user's WhatsApp id (a phone number): mask it before logging. */
  readonly waId: string;
  /** The user's WhatsApp profile name, when known. */
  readonly profileName: string | undefined;
  readonly message: InboundMessage;
  /** Typed text, or the title of a tapped button or list row; undefined for media, locations and the like. */
  readonly text: string | undefined;
  /** The id of a tapped reply button or list row (or a template button's payload). */
  readonly buttonId: string | undefined;
  /** This flow's own state; saved only when the handler returns normally. */
  readonly state: State;
  readonly reply: ReplyApi;
  /** The user's next message goes to this step. */
  goTo(step: Step): void;
  /** Hands the user over to another flow (its `start` runs now, with its own fresh state). */
  enter(flowId: string): Promise<void>;
  /** Ends this flow, optionally with a last text; the user's next message reaches the main menu. */
  leave(text?: string): Promise<void>;
  /** Shows "typing…" to the user while a slow step works (WhatsApp hides it after 25 s or at the reply). */
  showTyping(): Promise<void>;
}
