import { randomInt } from 'node:crypto';
import { isRecord } from '../common/is-record.js';
import { BSUID_PATTERN } from '../common/user-ref.js';
import { characterCount } from '../whatsapp/outbound-message.builders.js';
import type { SimulatedUser, UserMessageContent, UserMessageRequest } from './simulator.types.js';

/** A checked request, or the list of what is wrong with it (one short `field: expectation` per problem). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: string[] };

export interface ParseRules {
  /**
   * Only wa_ids of the fictional +1 555 range (`1555` and 7 digits) are allowed: set when the simulator runs beside
   * a real Graph transport, so a simulated user can never take over a real user's number.
   */
  readonly fictionalNumbersOnly: boolean;
  /** File names of the bundled sample pictures. */
  readonly samples: readonly string[];
}

/** WhatsApp ids are phone numbers in international format without `+`: E.164 allows at most 15 digits. */
const WA_ID = /^\d{6,15}$/;
/** Why a `waId` cannot name a simulated user. */
export const USER_REF_PROBLEM =
  'waId: a wa_id (6 to 15 digits, country code first, no +) or a BSUID (e.g. US.13491208655302741918)';
/**
 * Meta's username rules: 3 to 35 lowercase letters, digits, periods and underscores, at least one letter, and no
 * period at either end or twice in a row.
 */
const USERNAME = /^(?=[^a-z]*[a-z])(?!\.)(?!.*\.\.)[a-z0-9._]{3,35}(?<!\.)$/;
const FICTIONAL_WA_ID = /^1555\d{7}$/;
const MAX_TEXT_LENGTH = 4096;
const MAX_NAME_LENGTH = 100;
const MAX_ID_LENGTH = 256;
const MAX_TITLE_LENGTH = 100;
const MAX_EMOJI_LENGTH = 16;
const MAX_PLACE_LENGTH = 256;
const MAX_CAPTION_LENGTH = 1024;

/** Whether `waId` can name a simulated user: a wa_id, or a username-only user's BSUID. */
export function isUserRef(waId: string): boolean {
  return WA_ID.test(waId) || BSUID_PATTERN.test(waId);
}

type Body = Record<string, unknown>;

/** Collects problems while reading fields, so one answer names everything that is wrong. */
class FieldReader {
  readonly problems: string[] = [];

  constructor(private readonly body: Body) {}

  string(field: string, max: number, { optional = false, allowEmpty = false } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || (!allowEmpty && value.trim() === '') || characterCount(value) > max) {
      this.problems.push(
        `${field}: ${optional ? 'optional ' : ''}${allowEmpty ? '' : 'non-blank '}string of at most ${max} characters`,
      );
      return undefined;
    }
    return value;
  }

  number(field: string, min: number, max: number): number | undefined {
    const value = this.body[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.problems.push(`${field}: number from ${min} to ${max}`);
      return undefined;
    }
    return value;
  }

  /** The user a message is from: a wa_id, or the BSUID the simulator gave a username-only user. */
  userRef(rules: Pick<ParseRules, 'fictionalNumbersOnly'>): string | undefined {
    const value = this.body.waId;
    if (typeof value === 'string' && BSUID_PATTERN.test(value)) return value;
    if (typeof value === 'string' && WA_ID.test(value)) return this.waId(rules);
    this.problems.push(USER_REF_PROBLEM);
    return undefined;
  }

  waId(rules: Pick<ParseRules, 'fictionalNumbersOnly'>, { optional = false } = {}): string | undefined {
    const value = this.body.waId;
    if (value === undefined && optional) return undefined;
    if (typeof value !== 'string' || !WA_ID.test(value)) {
      this.problems.push('waId: 6 to 15 digits, country code first, no +');
      return undefined;
    }
    if (rules.fictionalNumbersOnly && !FICTIONAL_WA_ID.test(value)) {
      this.problems.push('waId: a fictional number 1555xxxxxxx while a real WP_ACCESS_TOKEN is configured');
      return undefined;
    }
    return value;
  }
}

/** Checks a `POST /simulator/api/messages` body: `{ waId, name?, type, ...fields of that type }`. */
export function parseUserMessageRequest(body: unknown, rules: ParseRules): Parsed<UserMessageRequest> {
  if (!isRecord(body)) return { ok: false, problems: ['body: a JSON object'] };
  const read = new FieldReader(body);
  const waId = read.userRef(rules);
  const name = read.string('name', MAX_NAME_LENGTH, { optional: true });
  const content = readContent(read, body.type, rules);
  if (read.problems.length > 0 || waId === undefined || content === undefined) {
    return { ok: false, problems: read.problems };
  }
  return { ok: true, value: { waId, name, content } };
}

function readContent(read: FieldReader, type: unknown, rules: ParseRules): UserMessageContent | undefined {
  switch (type) {
    case 'text': {
      const text = read.string('text', MAX_TEXT_LENGTH);
      return text === undefined ? undefined : { type, text };
    }
    case 'button_reply':
    case 'list_reply': {
      const id = read.string('id', MAX_ID_LENGTH);
      const title = read.string('title', MAX_TITLE_LENGTH);
      const contextId = read.string('contextId', MAX_ID_LENGTH, { optional: true });
      if (id === undefined || title === undefined) return undefined;
      if (type === 'button_reply') return { type, id, title, contextId };
      const description = read.string('description', MAX_TITLE_LENGTH, { optional: true });
      return { type, id, title, description, contextId };
    }
    case 'location': {
      const latitude = read.number('latitude', -90, 90);
      const longitude = read.number('longitude', -180, 180);
      const name = read.string('name', MAX_PLACE_LENGTH, { optional: true });
      const address = read.string('address', MAX_PLACE_LENGTH, { optional: true });
      if (latitude === undefined || longitude === undefined) return undefined;
      return { type, latitude, longitude, name, address };
    }
    case 'image': {
      const sample = read.string('sample', MAX_ID_LENGTH);
      const caption = read.string('caption', MAX_CAPTION_LENGTH, { optional: true });
      if (sample !== undefined && !rules.samples.includes(sample)) {
        read.problems.push(`sample: one of ${rules.samples.join(', ')}`);
        return undefined;
      }
      return sample === undefined ? undefined : { type, sample, caption };
    }
    case 'reaction': {
      const messageId = read.string('messageId', MAX_ID_LENGTH);
      // Empty removes the reaction, as in WhatsApp.
      const emoji = read.string('emoji', MAX_EMOJI_LENGTH, { allowEmpty: true });
      if (messageId === undefined || emoji === undefined) return undefined;
      return { type, messageId, emoji };
    }
    default:
      read.problems.push('type: one of text, button_reply, list_reply, location, image, reaction');
      return undefined;
  }
}

/** Who `POST /simulator/api/users` creates: a user with a phone number, or a username-only user. */
export type NewUserRequest =
  /** Without `waId`, the next free fictional number. */
  | { readonly name: string; readonly waId?: string }
  /** No phone number: the simulator gives them a BSUID, and their webhooks carry only that (the 2026 shape). */
  | { readonly name: string; readonly username: string };

/**
 * Checks a `POST /simulator/api/users` body: `{ name, waId? }`, or `{ name, username }` for a username-only user
 * (a leading `@` is dropped). A username-only user has no phone number, so `waId` cannot come with `username`.
 */
export function parseNewUserRequest(
  body: unknown,
  rules: Pick<ParseRules, 'fictionalNumbersOnly'>,
): Parsed<NewUserRequest> {
  if (!isRecord(body)) return { ok: false, problems: ['body: a JSON object'] };
  const read = new FieldReader(body);
  const name = read.string('name', MAX_NAME_LENGTH);
  if (body.username === undefined) {
    const waId = read.waId(rules, { optional: true });
    if (read.problems.length > 0 || name === undefined) return { ok: false, problems: read.problems };
    return { ok: true, value: { name: name.trim(), waId } };
  }
  const username = typeof body.username === 'string' ? body.username.trim().replace(/^@/, '') : undefined;
  if (username === undefined || !USERNAME.test(username))
    read.problems.push(
      'username: 3 to 35 lowercase letters, digits, periods or underscores, with a letter, no period at either end or twice in a row',
    );
  if (body.waId !== undefined) read.problems.push('waId: leave it out for a username-only user (no phone number)');
  if (read.problems.length > 0 || name === undefined || username === undefined)
    return { ok: false, problems: read.problems };
  return { ok: true, value: { name: name.trim(), username } };
}

/** The wa_id of the n-th simulated user the page creates (n from 1): fictional numbers, never a real person's. */
export function fictionalWaId(n: number): string {
  return `1555010${String(n).padStart(4, '0')}`;
}

/**
 * A BSUID for a new username-only user: `US.` and 20 random digits, shaped like Meta's. Random rather than counted,
 * so a restarted simulator does not hand a new user the id (and the state the bot kept) of an earlier one.
 */
export function fictionalUserId(): string {
  const digits = Array.from({ length: 20 }, () => randomInt(10)).join('');
  return `US.${digits}`;
}

/** Two users ready to chat, so trying parallel users needs no setup. */
export const DEFAULT_USERS: readonly SimulatedUser[] = [
  { waId: fictionalWaId(1), name: 'Ada Lovelace' },
  { waId: fictionalWaId(2), name: 'Alan Turing' },
];
