import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError, type ValidatorOptions } from 'class-validator';
import type {
  DistributiveOmit,
  GraphErrorInfo,
  InboundContext,
  InboundEvent,
  InboundMedia,
  InboundMessage,
  InboundMessageBase,
  InboundStatus,
} from '../whatsapp/inbound-message.js';
import { GraphErrorDto } from './dto/graph-error.dto.js';
import type { InteractiveDto } from './dto/interactive-reply.dto.js';
import type { ContextDto, MediaDto } from './dto/message-content.dto.js';
import {
  AudioMessageDto,
  ButtonMessageDto,
  ContactsMessageDto,
  DocumentMessageDto,
  ImageMessageDto,
  InteractiveMessageDto,
  LocationMessageDto,
  messageDtoFor,
  OrderMessageDto,
  ReactionMessageDto,
  StickerMessageDto,
  SystemMessageDto,
  TextMessageDto,
  VideoMessageDto,
  type MessageDto,
} from './dto/message.dto.js';
import { StatusDto } from './dto/status.dto.js';
import { plainTextMessage, type PlainTextMessage } from './plain-text-message.js';
import { isRecord } from '../common/is-record.js';
import { cappedText } from '../common/logging/log-value.js';

/** A part of the webhook body that produced no event. `path` points into the body (`entry[0].changes[1]...`). */
export interface SkippedUpdate {
  readonly reason: string;
  readonly path: string;
}

/** What one webhook POST yields: its events in body order, and what was skipped and why. */
export interface MappedWebhook {
  readonly events: InboundEvent[];
  readonly skipped: SkippedUpdate[];
  /** False when the body is not a WhatsApp Business Account webhook (the same app may get `page` or `instagram`). */
  readonly isWhatsAppPayload: boolean;
}

const WHATSAPP_BUSINESS_ACCOUNT = 'whatsapp_business_account';

/**
 * Set for the hot path. Unknown properties are neither stripped nor visited (Meta adds fields), a property stops
 * at its first failed rule, no message text is formatted (reasons use rule names), and errors keep neither the
 * object nor the value, so no message content can reach a reason or a log.
 */
const VALIDATOR_OPTIONS: ValidatorOptions = {
  whitelist: false,
  forbidNonWhitelisted: false,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  dismissDefaultMessages: true,
  validationError: { target: false, value: false },
};

/** Enough to find the fault in a log line; a junk message could otherwise fail every rule it has. */
const MAX_PROBLEMS_PER_REASON = 3;

/** Reasons are logged: they name fields and rules, never content from the body. */
const SKIP_REASON = {
  notAnArray: (name: string) => `${name} is not an array`,
  notAnObject: (name: string) => `${name} is not an object`,
  unhandledField: (field: unknown) =>
    typeof field === 'string' && /^[a-z0-9_]{1,64}$/.test(field)
      ? `field "${field}" is not handled (only "messages" is)`
      : 'field is not "messages"',
  noPhoneNumberId: () => 'metadata.phone_number_id is missing: the receiving business number is unknown',
  nothingToMap: () => 'value has no messages, statuses or errors',
  invalid: (what: string, problems: readonly string[]) => `invalid ${what}: ${problems.join('; ')}`,
  unmappable: (listName: string) => `an item of ${listName} could not be mapped (nested too deeply?)`,
};

/**
 * Turns a webhook body (any JSON value) into events: one per message and status, one per change that reports
 * errors. Every entry, change and item of a batch is handled; each message, status and error is validated on
 * its own, so a malformed one is skipped (see `skipped`) and its siblings survive. Never throws.
 *
 * The envelope (entry, changes, value) is checked by hand rather than with the DTO classes:
 * `plainToInstance` copies everything below the object it is given, and the envelope holds the whole body.
 */
export function mapWebhookPayload(body: unknown): MappedWebhook {
  const sink: Sink = { events: [], skipped: [] };
  if (!isRecord(body) || body.object !== WHATSAPP_BUSINESS_ACCOUNT) return { ...sink, isWhatsAppPayload: false };
  forEachItem(body.entry, 'entry', true, sink, (entry, entryPath) => {
    if (!isRecord(entry)) return skip(sink, entryPath, SKIP_REASON.notAnObject('entry'));
    forEachItem(entry.changes, `${entryPath}.changes`, true, sink, (change, changePath) =>
      mapChange(change, changePath, sink),
    );
  });
  return { ...sink, isWhatsAppPayload: true };
}

interface Sink {
  readonly events: InboundEvent[];
  readonly skipped: SkippedUpdate[];
}

/** What the items of one change share. */
interface ChangeScope {
  readonly phoneNumberId: string;
  readonly senders: SenderIndex;
}

function mapChange(change: unknown, path: string, sink: Sink): void {
  if (!isRecord(change)) return skip(sink, path, SKIP_REASON.notAnObject('change'));
  // Other fields (group_lifecycle_update, group_settings_update, group_participants_update, template and account
  // updates) are not conversations with a user.
  if (change.field !== 'messages') return skip(sink, path, SKIP_REASON.unhandledField(change.field));
  const value = change.value;
  const valuePath = `${path}.value`;
  if (!isRecord(value)) return skip(sink, valuePath, SKIP_REASON.notAnObject('value'));
  const metadata = value.metadata;
  const phoneNumberId = isRecord(metadata) ? metadata.phone_number_id : undefined;
  // Without it no reply can be sent, so nothing of this change is usable.
  if (typeof phoneNumberId !== 'string' || phoneNumberId === '') {
    return skip(sink, `${valuePath}.metadata`, SKIP_REASON.noPhoneNumberId());
  }
  if (value.messages === undefined && value.statuses === undefined && value.errors === undefined) {
    return skip(sink, valuePath, SKIP_REASON.nothingToMap());
  }

  const scope: ChangeScope = { phoneNumberId, senders: indexSenders(value.contacts) };
  forEachItem(value.messages, `${valuePath}.messages`, false, sink, (raw, itemPath) => {
    // The common case first: a plain text, checked by hand (a subset of what the DTO route accepts).
    const text = isRecord(raw) ? plainTextMessage(raw) : undefined;
    if (text)
      return void sink.events.push({ kind: 'message', message: toInboundMessage(text, scope, plainTextContent(text)) });
    const checked = validateItem(messageDtoFor(isRecord(raw) ? raw.type : undefined), raw, 'message');
    if (!checked.ok) return skip(sink, itemPath, checked.reason);
    sink.events.push({ kind: 'message', message: toInboundMessage(checked.dto, scope, toContent(checked.dto)) });
  });
  forEachItem(value.statuses, `${valuePath}.statuses`, false, sink, (raw, itemPath) => {
    const checked = validateItem(StatusDto, raw, 'status');
    if (!checked.ok) return skip(sink, itemPath, checked.reason);
    sink.events.push({ kind: 'status', status: toInboundStatus(checked.dto, phoneNumberId) });
  });
  const errors: GraphErrorInfo[] = [];
  forEachItem(value.errors, `${valuePath}.errors`, false, sink, (raw, itemPath) => {
    const checked = validateItem(GraphErrorDto, raw, 'error');
    if (!checked.ok) return skip(sink, itemPath, checked.reason);
    errors.push(toGraphErrorInfo(checked.dto));
  });
  if (errors.length > 0) sink.events.push({ kind: 'error', phoneNumberId, errors });
}

/**
 * Calls `visit` for each item of `list`. Each item gets its own try: class-transformer and class-validator
 * recurse through the data, so a pathologically deep item can overflow the stack, and that must cost that
 * item only, never its batch. `required` lists (entry, changes) are reported when missing; optional ones are not.
 */
function forEachItem(
  list: unknown,
  path: string,
  required: boolean,
  sink: Sink,
  visit: (item: unknown, itemPath: string) => void,
): void {
  if (!Array.isArray(list)) {
    if (required || list !== undefined) skip(sink, path, SKIP_REASON.notAnArray(lastSegment(path)));
    return;
  }
  for (let index = 0; index < list.length; index++) {
    const itemPath = `${path}[${index}]`;
    try {
      visit(list[index], itemPath);
    } catch {
      // The error is not kept: its message could quote data.
      skip(sink, itemPath, SKIP_REASON.unmappable(lastSegment(path)));
    }
  }
}

type Checked<T> = { readonly ok: true; readonly dto: T } | { readonly ok: false; readonly reason: string };

function validateItem<T extends object>(dto: ClassConstructor<T>, raw: unknown, what: string): Checked<T> {
  // A cheap answer for junk that is not even an object; class-transformer would pass it through unchanged.
  if (!isRecord(raw)) return { ok: false, reason: SKIP_REASON.notAnObject(what) };
  const instance = plainToInstance(dto, raw);
  const errors = validateSync(instance, VALIDATOR_OPTIONS);
  if (errors.length === 0) return { ok: true, dto: instance };
  return { ok: false, reason: SKIP_REASON.invalid(what, describeProblems(errors, '', [])) };
}

/** `text (isInstance)`, `errors.0.code (isInt)`: property paths of the DTO and rule names, nothing else. */
function describeProblems(errors: readonly ValidationError[], parent: string, problems: string[]): string[] {
  for (const error of errors) {
    if (problems.length >= MAX_PROBLEMS_PER_REASON) break;
    const path = parent === '' ? error.property : `${parent}.${error.property}`;
    if (error.constraints) problems.push(`${path} (${Object.keys(error.constraints).join(', ')})`);
    if (error.children) describeProblems(error.children, path, problems);
  }
  return problems;
}

// ---- senders -------------------------------------------------------------------------------------------------

interface Sender {
  readonly waId?: string;
  readonly userId?: string;
  readonly name?: string;
  readonly username?: string;
}

interface SenderIndex {
  readonly byWaId: ReadonlyMap<string, Sender>;
  readonly byUserId: ReadonlyMap<string, Sender>;
}

/**
 * Indexes `value.contacts` by wa_id and by business-scoped user id. Read field by field, without a DTO: a
 * contact only adds a name to its messages, so a malformed field costs that field and nothing else.
 */
function indexSenders(contacts: unknown): SenderIndex {
  const byWaId = new Map<string, Sender>();
  const byUserId = new Map<string, Sender>();
  if (Array.isArray(contacts)) {
    for (const contact of contacts) {
      if (!isRecord(contact)) continue;
      const profile = isRecord(contact.profile) ? contact.profile : {};
      const sender: Sender = {
        waId: stringOrUndefined(contact.wa_id),
        userId: stringOrUndefined(contact.user_id),
        name: stringOrUndefined(profile.name),
        username: stringOrUndefined(profile.username),
      };
      if (sender.waId !== undefined) byWaId.set(sender.waId, sender);
      if (sender.userId !== undefined) byUserId.set(sender.userId, sender);
    }
  }
  return { byWaId, byUserId };
}

/** What every message has, as Meta names it: a validated `MessageDto`, or a hand-checked plain text. */
type MessageFields = Pick<MessageDto, 'id' | 'from' | 'from_user_id' | 'timestamp'> &
  Partial<Pick<MessageDto, 'context' | 'referral'>>;

/** The contact of a message: by phone number (`wa_id` = `from`), else by BSUID for username-only senders. */
function findSender(message: MessageFields, senders: SenderIndex): Sender | undefined {
  const byPhone = message.from === undefined ? undefined : senders.byWaId.get(message.from);
  if (byPhone) return byPhone;
  return message.from_user_id === undefined ? undefined : senders.byUserId.get(message.from_user_id);
}

// ---- messages ------------------------------------------------------------------------------------------------

/** The part of an `InboundMessage` that depends on its type. */
type MessageContent = DistributiveOmit<InboundMessage, keyof InboundMessageBase>;

function toInboundMessage(message: MessageFields, scope: ChangeScope, content: MessageContent): InboundMessage {
  const sender = findSender(message, scope.senders);
  const base: InboundMessageBase = {
    id: message.id,
    from: message.from ?? sender?.waId,
    fromUserId: message.from_user_id ?? sender?.userId,
    profileName: sender?.name,
    username: sender?.username,
    timestamp: Number(message.timestamp),
    phoneNumberId: scope.phoneNumberId,
    context: message.context && toContext(message.context),
    referral: message.referral,
  };
  return { ...base, ...content };
}

/** `type: 'text'` and its body: the content of a hand-checked plain text. */
function plainTextContent({ body }: PlainTextMessage): MessageContent {
  return { type: 'text', text: body };
}

/** Each modelled type is its own DTO class (see `messageDtoFor`), so `instanceof` says which object is there. */
function toContent(message: MessageDto): MessageContent {
  if (message instanceof TextMessageDto) return { type: 'text', text: message.text.body };
  if (message instanceof ImageMessageDto) return { type: 'image', media: toMedia(message.image) };
  if (message instanceof AudioMessageDto) return { type: 'audio', media: toMedia(message.audio) };
  if (message instanceof VideoMessageDto) return { type: 'video', media: toMedia(message.video) };
  if (message instanceof DocumentMessageDto) return { type: 'document', media: toMedia(message.document) };
  if (message instanceof StickerMessageDto) return { type: 'sticker', media: toMedia(message.sticker) };
  if (message instanceof LocationMessageDto) {
    const { latitude, longitude, name, address, url } = message.location;
    return { type: 'location', location: { latitude, longitude, name, address, url } };
  }
  if (message instanceof ContactsMessageDto) return { type: 'contacts', contacts: message.contacts };
  if (message instanceof InteractiveMessageDto) return toInteractiveContent(message.interactive);
  if (message instanceof ButtonMessageDto) {
    return { type: 'button', payload: message.button.payload, text: message.button.text };
  }
  if (message instanceof ReactionMessageDto) {
    // Meta removes a reaction by sending the same reaction with an empty (or no) emoji.
    const emoji = message.reaction.emoji === '' ? undefined : message.reaction.emoji;
    return { type: 'reaction', reaction: { messageId: message.reaction.message_id, emoji } };
  }
  if (message instanceof OrderMessageDto) return { type: 'order', order: { ...message.order } };
  if (message instanceof SystemMessageDto) {
    const { body, type, wa_id, new_wa_id, user_id, previous_user_id } = message.system;
    return {
      type: 'system',
      system: { body, kind: type, newWaId: wa_id ?? new_wa_id, userId: user_id, previousUserId: previous_user_id },
    };
  }
  // Meta's own `unsupported` (and `unknown`) and every type we do not model, e.g. `request_welcome`.
  return { type: 'unsupported', originalType: message.type, errors: message.errors?.map(toGraphErrorInfo) };
}

/**
 * Validation requires the object the reply's `type` names; the checks below only prove it to the compiler. Reply
 * types we do not model (e.g. `call_permission_reply`) become `unsupported`.
 */
function toInteractiveContent(interactive: InteractiveDto): MessageContent {
  switch (interactive.type) {
    case 'button_reply':
      if (interactive.button_reply) {
        const { id, title } = interactive.button_reply;
        return { type: 'interactive', reply: { kind: 'button_reply', id, title } };
      }
      break;
    case 'list_reply':
      if (interactive.list_reply) {
        const { id, title, description } = interactive.list_reply;
        return { type: 'interactive', reply: { kind: 'list_reply', id, title, description } };
      }
      break;
    case 'nfm_reply':
      if (interactive.nfm_reply) {
        const { response_json, body, name } = interactive.nfm_reply;
        return { type: 'flow_reply', responseJson: response_json, body, name };
      }
      break;
  }
  return { type: 'unsupported', originalType: `interactive.${interactive.type}` };
}

function toMedia(media: MediaDto): InboundMedia {
  return {
    id: media.id,
    mimeType: media.mime_type,
    sha256: media.sha256,
    caption: media.caption,
    filename: media.filename,
    voice: media.voice,
    animated: media.animated,
  };
}

function toContext(context: ContextDto): InboundContext {
  return {
    messageId: context.id,
    from: context.from,
    forwarded: context.forwarded,
    frequentlyForwarded: context.frequently_forwarded,
  };
}

// ---- statuses and errors -------------------------------------------------------------------------------------

function toInboundStatus(status: StatusDto, phoneNumberId: string): InboundStatus {
  const { conversation, pricing } = status;
  return {
    id: status.id,
    status: status.status,
    recipientId: status.recipient_id,
    recipientUserId: status.recipient_user_id,
    timestamp: Number(status.timestamp),
    phoneNumberId,
    conversation: conversation && {
      id: conversation.id,
      expiresAt: optionalNumber(conversation.expiration_timestamp),
      originType: conversation.origin?.type,
    },
    pricing: pricing && {
      billable: pricing.billable,
      pricingModel: pricing.pricing_model,
      category: pricing.category,
      type: pricing.type,
    },
    errors: status.errors?.map(toGraphErrorInfo),
  };
}

/** Meta's explanations end up in logs only: capped, like every logged payload value. */
function toGraphErrorInfo(error: GraphErrorDto): GraphErrorInfo {
  return {
    code: error.code,
    title: cappedText(error.title),
    message: cappedText(error.message),
    details: cappedText(error.error_data?.details),
  };
}

// ---- helpers -------------------------------------------------------------------------------------------------

function skip(sink: Sink, path: string, reason: string): void {
  sink.skipped.push({ reason, path });
}

function optionalNumber(digits: string | undefined): number | undefined {
  return digits === undefined ? undefined : Number(digits);
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** `entry[0].changes` → `changes`. */
function lastSegment(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
