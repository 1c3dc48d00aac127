import type { UserIdentity } from '../../common/user-ref.js';
import type { JsonObject } from '../../state/conversation-state.js';
import type { InboundMessage } from '../../whatsapp/inbound-message.js';
import type { ListSection, MediaKind, ReplyButton } from '../../whatsapp/outbound-message.js';
import type { MediaUploader, MessageMedia } from './inbound-media.js';
import type { Language } from './languages.js';
import type { Catalogs, TextKey, TextParams } from './texts.js';

export type { ListRow, ListSection, MediaKind, ReplyButton } from '../../whatsapp/outbound-message.js';

/** Header and footer of an interactive message (plain text, 60 characters at most: WhatsApp formats neither). */
export interface InteractiveOptions {
  readonly header?: string;
  readonly footer?: string;
}

/** One option of `reply.choices`: a reply button, or a list row when there are more than three. */
export interface Choice {
  /** Comes back as `ctx.buttonId` when the user taps the option. */
  readonly id: string;
  /** What the user sees (20 characters for a button, 24 for a row); typing it picks the option too. */
  readonly title: string;
  /** Shown under the title when the options go out as a list. */
  readonly description?: string;
}

/**
 * Replies to the user of the current message. Every method sends through the WhatsApp client, which checks
 * Meta's limits first; flows never build Graph bodies themselves.
 */
export interface ReplyApi {
  /** Sends text; a body over WhatsApp's 4096 characters goes out as several messages. */
  text(body: string, options?: { readonly previewUrl?: boolean }): Promise<void>;
  /**
   * Offers options the user taps: reply buttons for up to three short titles, a list beyond that (10 rows at
   * most; the list's button reads "Options" in the user's language unless `buttonLabel` says otherwise).
   */
  choices(
    body: string,
    options: readonly Choice[],
    extras?: InteractiveOptions & { readonly buttonLabel?: string },
  ): Promise<void>;
  /** Up to 3 reply buttons (title ≤ 20 characters). Prefer `choices`, which picks buttons or a list for you. */
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
 * What a flow step sees: the message, the user, its own typed state, the reply API and the user's texts.
 * `Step` is the union of the flow's step names (inferred from its `steps`), so a wrong `goTo` fails `tsc`.
 * Flows switch with `enter` / `leave`, never by importing each other.
 */
export interface FlowContext<
  Step extends string = string,
  State extends object = JsonObject,
  Texts extends Catalogs = Catalogs,
> {
  /**
   * The user's phone number (wa_id), absent for users who hide it behind a username. Key your own data by
   * `user.ref`, which every user has. Mask both before logging (`maskPhone`).
   */
  readonly waId?: string;
  /** Who wrote: `ref` (wa_id, else BSUID) keys everything; `username` and `profileName` are for display. */
  readonly user: UserIdentity;
  /** The user's WhatsApp profile name, when known. */
  readonly profileName: string | undefined;
  readonly message: InboundMessage;
  /** Typed text, or the title of a tapped button or list row; undefined for media, locations and the like. */
  readonly text: string | undefined;
  /** The id of a tapped reply button or list row (or a template button's payload). */
  readonly buttonId: string | undefined;
  /** The image, video, audio, document or sticker of the current message; undefined for any other message. */
  readonly media?: MessageMedia;
  /** Uploads a file for `reply.media(kind, { id })` and resolves to its media id. */
  readonly uploadMedia: MediaUploader;
  /** This flow's own state; saved only when the handler returns normally. */
  readonly state: State;
  readonly reply: ReplyApi;
  /** How many answers this step has had, this one included; moving to a step (`goTo`) starts again at 1. */
  readonly attempt: number;
  /** The user's language: their choice (the `language` command, `setLanguage`), else DEFAULT_LANGUAGE. */
  readonly language: Language;
  /** The flow's text under `key`, in the user's language. Keys and parameters are checked by `tsc`. */
  readonly t: <K extends TextKey<Texts>>(key: K, ...params: TextParams<Texts, K>) => string;
  /**
   * The user's next message goes to this step. A step with an `ask` asks its question right away, once the
   * current handler returns. (A property, not a method, so that `tsc` checks step names strictly.)
   */
  readonly goTo: (step: Step) => void;
  /** Hands the user over to another flow (its `start` runs now, with its own fresh state). */
  enter(flowId: string): Promise<void>;
  /** Ends this flow, optionally with a last text; the user's next message reaches the main menu. */
  leave(text?: string): Promise<void>;
  /** Stores the user's language (it outlives the conversation); `t` answers in it from now on. */
  setLanguage(language: Language): Promise<void>;
  /** Shows "typing…" to the user while a slow step works (WhatsApp hides it after 25 s or at the reply). */
  showTyping(): Promise<void>;
}

/** A context that may not move between steps: for helpers that a flow's steps share (send a summary, save). */
export type StepContext<State extends object = JsonObject, Texts extends Catalogs = Catalogs> = FlowContext<
  never,
  State,
  Texts
>;
