import { isUserId } from '../common/user-ref.js';
import {
  MESSAGE_COUNT_OUT_OF_RANGE,
  MESSAGE_DUPLICATE,
  MESSAGE_FIELD_EMPTY,
  MESSAGE_INVALID_VALUE,
  MESSAGE_TOO_LONG,
} from '../common/errors/error-messages.js';
import { MessageLimitError } from './message-limit.error.js';
import { checkTemplate } from './template-rules.js';
import type { GraphMessagesRequest } from './message-transport.port.js';
import type {
  ButtonsMessage,
  ContactCard,
  CtaUrlMessage,
  InteractiveTextOptions,
  ListMessage,
  LocationMessage,
  MarkReadOptions,
  MediaMessage,
  ReplyContextOptions,
  TemplateMessage,
  TextOptions,
} from './outbound-message.js';

/**
 * Pure builders of Graph `/messages` bodies. Each checks Meta's Cloud API limits first and throws
 * `MessageLimitError` (code `WHATSAPP.LIMIT_EXCEEDED`, `limit` naming the rule) rather than let Graph answer
 * 400 after a network round trip, or truncate silently. Every body validates against the spec's `Message`.
 */

/** Meta's documented limits, in characters (Unicode code points) or items. */
export const WHATSAPP_LIMITS = {
  textBody: 4096,
  interactiveBody: 1024,
  header: 60,
  footer: 60,
  buttonsMax: 3,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  listRows: 10,
  listSections: 10,
  rowId: 200,
  rowTitle: 24,
  rowDescription: 72,
  sectionTitle: 24,
  caption: 1024,
  ctaDisplayText: 20,
  contactsMax: 5,
} as const;

/** A `/messages` body for a message (not a read receipt): the base properties every type carries. */
export type GraphMessageBody = GraphMessagesRequest & {
  readonly recipient_type: 'individual';
  readonly type: string;
} & ({ readonly to: string } | { readonly recipient: string });

/** A read receipt, optionally with a typing indicator. */
export type GraphReadReceiptBody = GraphMessagesRequest & {
  readonly status: 'read';
  readonly message_id: string;
  readonly typing_indicator?: { readonly type: 'text' };
};

// ---- limit checks --------------------------------------------------------------------------------------------

/**
 * Length as WhatsApp counts it: characters, i.e. Unicode code points. `string.length` counts UTF-16 code units,
 * so an emoji outside the BMP (👍) would count twice and a 20-character title with one emoji would be refused
 * although WhatsApp takes it. Ajv's `maxLength` (used by the spec check) counts code points too.
 */
export function characterCount(text: string): number {
  return [...text].length;
}

function requireText(limit: string, value: string | undefined, max?: number): string {
  // Blank counts as empty: WhatsApp rejects whitespace-only bodies and titles as it rejects empty ones.
  if (value === undefined || value.trim() === '') throw new MessageLimitError(limit, MESSAGE_FIELD_EMPTY(limit));
  if (max !== undefined) checkLength(limit, value, max);
  return value;
}

function checkLength(limit: string, value: string, max: number): void {
  const count = characterCount(value);
  if (count > max) throw new MessageLimitError(limit, MESSAGE_TOO_LONG(limit, max, count));
}

/** Optional text: absent is fine, present must be non-blank and within `max`. */
function optionalText(limit: string, value: string | undefined, max?: number): string | undefined {
  return value === undefined ? undefined : requireText(limit, value, max);
}

function checkCount(limit: string, actual: number, min: number, max: number): void {
  if (actual < min || actual > max)
    throw new MessageLimitError(limit, MESSAGE_COUNT_OUT_OF_RANGE(limit, min, max, actual));
}

function checkUnique(limit: string, values: readonly string[]): void {
  const seen = new Set<string>();
  values.forEach((value, index) => {
    if (seen.has(value)) throw new MessageLimitError(limit, MESSAGE_DUPLICATE(limit, index + 1));
    seen.add(value);
  });
}

function checkHttpUrl(limit: string, value: string): string {
  requireText(limit, value);
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    protocol = '';
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new MessageLimitError(limit, MESSAGE_INVALID_VALUE(limit, 'use an absolute http(s) URL'));
  }
  return value;
}

// ---- shared parts ----------------------------------------------------------------------------------------------

/** `to` is a UserRef: a wa_id goes out as `to`, a BSUID as `recipient` (Meta's field for username-only users). */
function base(to: string, type: string, options?: ReplyContextOptions) {
  const replyTo = optionalText('context.message_id', options?.replyTo);
  const user = requireText('to', to);
  return {
    messaging_product: 'whatsapp' as const,
    recipient_type: 'individual' as const,
    ...(isUserId(user) ? { recipient: user } : { to: user }),
    type,
    ...(replyTo !== undefined ? { context: { message_id: replyTo } } : {}),
  };
}

/** Header, body and footer of an interactive message, checked. */
function interactiveTexts(options: InteractiveTextOptions) {
  const header = optionalText('interactive.header', options.header, WHATSAPP_LIMITS.header);
  const footer = optionalText('interactive.footer', options.footer, WHATSAPP_LIMITS.footer);
  return {
    ...(header !== undefined ? { header: { type: 'text', text: header } } : {}),
    body: { text: requireText('interactive.body', options.body, WHATSAPP_LIMITS.interactiveBody) },
    ...(footer !== undefined ? { footer: { text: footer } } : {}),
  };
}

// ---- builders ---------------------------------------------------------------------------------------------------

/** A text message. `previewUrl` renders a preview of the first URL; `replyTo` quotes an earlier message. */
export function buildText(to: string, body: string, options: TextOptions = {}): GraphMessageBody {
  const text = requireText('text.body', body, WHATSAPP_LIMITS.textBody);
  return {
    ...base(to, 'text', options),
    text: { body: text, ...(options.previewUrl !== undefined ? { preview_url: options.previewUrl } : {}) },
  };
}

/** Up to three reply buttons; ids and titles unique within the message. */
export function buildButtons(to: string, message: ButtonsMessage): GraphMessageBody {
  checkCount('button.count', message.buttons.length, 1, WHATSAPP_LIMITS.buttonsMax);
  const buttons = message.buttons.map((button) => ({
    type: 'reply',
    reply: {
      id: requireText('button.id', button.id, WHATSAPP_LIMITS.buttonId),
      title: requireText('button.title', button.title, WHATSAPP_LIMITS.buttonTitle),
    },
  }));
  // Duplicate ids would make two buttons indistinguishable in the webhook; Graph refuses duplicate titles.
  checkUnique(
    'button.id.unique',
    message.buttons.map((button) => button.id),
  );
  checkUnique(
    'button.title.unique',
    message.buttons.map((button) => button.title),
  );
  return {
    ...base(to, 'interactive', message),
    interactive: { type: 'button', ...interactiveTexts(message), action: { buttons } },
  };
}

/** A list: a button that opens up to ten rows, grouped in sections. */
export function buildList(to: string, message: ListMessage): GraphMessageBody {
  const buttonLabel = requireText('list.button', message.buttonLabel, WHATSAPP_LIMITS.listButton);
  checkCount('list.sections', message.sections.length, 1, WHATSAPP_LIMITS.listSections);
  const allRows = message.sections.flatMap((section) => section.rows);
  // The ten-row limit is for the whole list, not per section.
  checkCount('list.rows', allRows.length, 1, WHATSAPP_LIMITS.listRows);
  const severalSections = message.sections.length > 1;
  const sections = message.sections.map((section) => {
    checkCount('section.rows', section.rows.length, 1, WHATSAPP_LIMITS.listRows);
    // WhatsApp needs a title per section only when there are several (it heads each group).
    const title = severalSections
      ? requireText('section.title', section.title, WHATSAPP_LIMITS.sectionTitle)
      : optionalText('section.title', section.title, WHATSAPP_LIMITS.sectionTitle);
    const rows = section.rows.map((row) => {
      // The description is optional: an empty one is left out rather than refused.
      const description = row.description || undefined;
      if (description !== undefined) checkLength('row.description', description, WHATSAPP_LIMITS.rowDescription);
      return {
        id: requireText('row.id', row.id, WHATSAPP_LIMITS.rowId),
        title: requireText('row.title', row.title, WHATSAPP_LIMITS.rowTitle),
        ...(description !== undefined ? { description } : {}),
      };
    });
    return { ...(title !== undefined ? { title } : {}), rows };
  });
  // Row ids come back in the webhook: they must identify one row across the whole list.
  checkUnique(
    'row.id.unique',
    allRows.map((row) => row.id),
  );
  return {
    ...base(to, 'interactive', message),
    interactive: { type: 'list', ...interactiveTexts(message), action: { button: buttonLabel, sections } },
  };
}

/** A call-to-action button that opens `url` (the raw URL stays out of the body). */
export function buildCtaUrl(to: string, message: CtaUrlMessage): GraphMessageBody {
  return {
    ...base(to, 'interactive', message),
    interactive: {
      type: 'cta_url',
      ...interactiveTexts(message),
      action: {
        name: 'cta_url',
        parameters: {
          display_text: requireText('cta.display_text', message.displayText, WHATSAPP_LIMITS.ctaDisplayText),
          url: checkHttpUrl('cta.url', message.url),
        },
      },
    },
  };
}

/** Asks the user to share their location with a "Send location" button. */
export function buildLocationRequest(to: string, body: string, options: ReplyContextOptions = {}): GraphMessageBody {
  return {
    ...base(to, 'interactive', options),
    interactive: {
      type: 'location_request_message',
      body: { text: requireText('interactive.body', body, WHATSAPP_LIMITS.interactiveBody) },
      action: { name: 'send_location' },
    },
  };
}

/** Image, audio, video, document or sticker, by uploaded media id or by public link. */
export function buildMedia(to: string, message: MediaMessage): GraphMessageBody {
  const hasId = message.id !== undefined;
  const hasLink = message.link !== undefined;
  if (hasId === hasLink) {
    throw new MessageLimitError(
      'media.source',
      MESSAGE_INVALID_VALUE('media.source', 'give exactly one of id or link'),
    );
  }
  const source = hasId
    ? { id: requireText('media.id', message.id) }
    : { link: checkHttpUrl('media.link', message.link ?? '') };
  // Read loosely on purpose: a JavaScript caller (or a cast) can put a caption on audio, which Graph refuses.
  const loose = message as { readonly caption?: string; readonly filename?: string };
  const acceptsCaption = message.kind === 'image' || message.kind === 'video' || message.kind === 'document';
  if (loose.caption !== undefined && !acceptsCaption) {
    throw new MessageLimitError(
      'caption',
      MESSAGE_INVALID_VALUE('caption', 'only image, video and document take a caption'),
    );
  }
  if (loose.filename !== undefined && message.kind !== 'document') {
    throw new MessageLimitError('filename', MESSAGE_INVALID_VALUE('filename', 'only documents take a file name'));
  }
  const caption = optionalText('caption', loose.caption, WHATSAPP_LIMITS.caption);
  const filename = optionalText('filename', loose.filename);
  return {
    ...base(to, message.kind, message),
    [message.kind]: {
      ...source,
      ...(caption !== undefined ? { caption } : {}),
      ...(filename !== undefined ? { filename } : {}),
    },
  };
}

/** A pin on the map. */
export function buildLocation(to: string, message: LocationMessage): GraphMessageBody {
  const { latitude, longitude } = message;
  if (!Number.isFinite(latitude) || Math.abs(latitude) > 90) {
    throw new MessageLimitError(
      'location.latitude',
      MESSAGE_INVALID_VALUE('location.latitude', 'use degrees from -90 to 90'),
    );
  }
  if (!Number.isFinite(longitude) || Math.abs(longitude) > 180) {
    throw new MessageLimitError(
      'location.longitude',
      MESSAGE_INVALID_VALUE('location.longitude', 'use degrees from -180 to 180'),
    );
  }
  const name = optionalText('location.name', message.name);
  const address = optionalText('location.address', message.address);
  return {
    ...base(to, 'location', message),
    // The v23.0 schema types latitude and longitude as strings (its examples use numbers); Graph accepts both.
    location: {
      latitude: String(latitude),
      longitude: String(longitude),
      ...(name !== undefined ? { name } : {}),
      ...(address !== undefined ? { address } : {}),
    },
  };
}

/** One to five contact cards. */
export function buildContacts(
  to: string,
  contacts: readonly ContactCard[],
  options: ReplyContextOptions = {},
): GraphMessageBody {
  checkCount('contacts.count', contacts.length, 1, WHATSAPP_LIMITS.contactsMax);
  return { ...base(to, 'contacts', options), contacts: contacts.map(toWireContact) };
}

function toWireContact(card: ContactCard) {
  const { name } = card;
  return dropUndefined({
    name: dropUndefined({
      formatted_name: requireText('contact.name', name.formattedName),
      first_name: name.firstName,
      last_name: name.lastName,
      middle_name: name.middleName,
      prefix: name.prefix,
      suffix: name.suffix,
    }),
    phones: card.phones?.map((p) =>
      dropUndefined({ phone: requireText('contact.phone', p.phone), type: p.type, wa_id: p.waId }),
    ),
    emails: card.emails?.map((e) => dropUndefined({ email: requireText('contact.email', e.email), type: e.type })),
    urls: card.urls?.map((u) => dropUndefined({ url: checkHttpUrl('contact.url', u.url), type: u.type })),
    addresses: card.addresses?.map((a) =>
      dropUndefined({
        street: a.street,
        city: a.city,
        state: a.state,
        zip: a.zip,
        country: a.country,
        country_code: a.countryCode,
        type: a.type,
      }),
    ),
    org: card.org ? dropUndefined({ ...card.org }) : undefined,
    birthday: card.birthday,
  });
}

/** A reaction to an earlier message. An empty `emoji` removes the reaction (Graph's convention). */
export function buildReaction(to: string, messageId: string, emoji: string): GraphMessageBody {
  return {
    ...base(to, 'reaction'),
    reaction: { message_id: requireText('reaction.message_id', messageId), emoji },
  };
}

/** An approved template: the only kind of message allowed outside the 24-hour customer service window. */
export function buildTemplate(to: string, message: TemplateMessage): GraphMessageBody {
  // Blank first, with the same words as every other field; then Meta's formats and component rules.
  const name = requireText('template.name', message.name);
  const code = requireText('template.language', message.languageCode);
  checkTemplate(message);
  const components = message.components?.map((component) =>
    dropUndefined({
      type: component.type,
      sub_type: component.subType,
      // Graph documents the index as a string.
      index: component.index !== undefined ? String(component.index) : undefined,
      parameters: component.parameters,
    }),
  );
  return {
    ...base(to, 'template', message),
    template: {
      name,
      // `deterministic` is the only policy; the v23.0 schema requires it.
      language: { policy: 'deterministic', code },
      ...(components !== undefined ? { components } : {}),
    },
  };
}

/** Marks an inbound message as read (blue ticks), optionally showing "typing…" as well. */
export function buildMarkRead(messageId: string, options: MarkReadOptions = {}): GraphReadReceiptBody {
  return {
    messaging_product: 'whatsapp',
    status: 'read',
    message_id: requireText('read.message_id', messageId),
    ...(options.typing ? { typing_indicator: { type: 'text' as const } } : {}),
  };
}

/** Drops keys whose value is `undefined`, so optional fields are absent rather than `undefined` in the body. */
function dropUndefined<T extends Record<string, unknown>>(record: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
