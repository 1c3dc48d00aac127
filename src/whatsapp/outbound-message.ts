/**
 * What the code says when it sends a WhatsApp message: the options of the builders in
 * `outbound-message.builders.ts` and of `WhatsAppClient`. Names are ours (camelCase); the builders map them
 * to Graph's wire shape and enforce Meta's limits.
 */

/** Shared by every message: reply to (quote) an earlier message by its `wamid`. */
export interface ReplyContextOptions {
  readonly replyTo?: string;
}

export interface TextOptions extends ReplyContextOptions {
  /** Let WhatsApp render a preview of the first URL in the body. */
  readonly previewUrl?: boolean;
}

/** Header, body and footer of an interactive message. Header and footer are plain text. */
export interface InteractiveTextOptions extends ReplyContextOptions {
  readonly body: string;
  readonly header?: string;
  readonly footer?: string;
}

export interface ReplyButton {
  /** Comes back in the webhook when the user taps the button. Unique within the message. */
  readonly id: string;
  /** What the user sees (and what `text` holds in the inbound reply). Unique within the message. */
  readonly title: string;
}

export interface ButtonsMessage extends InteractiveTextOptions {
  /** One to three buttons. */
  readonly buttons: readonly ReplyButton[];
}

export interface ListRow {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export interface ListSection {
  /** Required by WhatsApp when the list has more than one section. */
  readonly title?: string;
  readonly rows: readonly ListRow[];
}

export interface ListMessage extends InteractiveTextOptions {
  /** Label of the button that opens the list. */
  readonly buttonLabel: string;
  /** At most ten rows in all, across sections. */
  readonly sections: readonly ListSection[];
}

export interface CtaUrlMessage extends InteractiveTextOptions {
  /** Text of the button that opens `url`. */
  readonly displayText: string;
  readonly url: string;
}

/** A media source: a media id from an upload, or a public http(s) link WhatsApp fetches. Exactly one. */
export type MediaSource =
  { readonly id: string; readonly link?: never } | { readonly link: string; readonly id?: never };

/** Captions are allowed on image, video and document only; a file name on document only. */
export type MediaMessage = ReplyContextOptions &
  MediaSource &
  (
    | { readonly kind: 'image' | 'video'; readonly caption?: string }
    | { readonly kind: 'document'; readonly caption?: string; readonly filename?: string }
    | { readonly kind: 'audio' | 'sticker' }
  );

export type MediaKind = MediaMessage['kind'];

export interface LocationMessage extends ReplyContextOptions {
  readonly latitude: number;
  readonly longitude: number;
  readonly name?: string;
  readonly address?: string;
}

type ContactEntryType = 'HOME' | 'WORK';

/** A contact card (vCard-like). `name.formattedName` is what WhatsApp shows. */
export interface ContactCard {
  readonly name: {
    readonly formattedName: string;
    readonly firstName?: string;
    readonly lastName?: string;
    readonly middleName?: string;
    readonly prefix?: string;
    readonly suffix?: string;
  };
  readonly phones?: readonly { readonly phone: string; readonly type?: ContactEntryType; readonly waId?: string }[];
  readonly emails?: readonly { readonly email: string; readonly type?: ContactEntryType }[];
  readonly urls?: readonly { readonly url: string; readonly type?: ContactEntryType }[];
  readonly addresses?: readonly {
    readonly street?: string;
    readonly city?: string;
    readonly state?: string;
    readonly zip?: string;
    readonly country?: string;
    readonly countryCode?: string;
    readonly type?: ContactEntryType;
  }[];
  readonly org?: { readonly company?: string; readonly department?: string; readonly title?: string };
  /** YYYY-MM-DD. */
  readonly birthday?: string;
}

/**
 * One parameter of a template component, in Graph's wire shape (`{ type: 'text', text }`,
 * `{ type: 'currency', currency: {...} }`, `{ type: 'payload', payload }`...): templates vary too much to
 * remodel, and their parameters are checked by Meta against the approved template anyway.
 */
export type TemplateParameter = { readonly type: string } & Readonly<Record<string, unknown>>;

export interface TemplateComponent {
  readonly type: 'header' | 'body' | 'button';
  /** Buttons only. */
  readonly subType?: 'quick_reply' | 'url' | 'catalog';
  /** Buttons only: position of the button in the template, 0-9. */
  readonly index?: number;
  readonly parameters?: readonly TemplateParameter[];
}

export interface TemplateMessage extends ReplyContextOptions {
  /** Name of an approved template. */
  readonly name: string;
  /** Language or locale the template was approved in, e.g. `en_US`. */
  readonly languageCode: string;
  readonly components?: readonly TemplateComponent[];
}

export interface MarkReadOptions {
  /** Also show "typing…" to the user (until the next message, or about 25 seconds). */
  readonly typing?: boolean;
}
