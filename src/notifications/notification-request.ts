import { BSUID_PATTERN } from '../common/user-ref.js';
import type { FieldProblem } from '../api/api-error.js';
import type { NotificationCategory } from '../state/notification-store.port.js';
import { TEMPLATE_LANGUAGE, TEMPLATE_NAME } from '../whatsapp/template-rules.js';

/** The template a notification falls back to outside the window. `components` go to Graph as given. */
export interface NotificationTemplate {
  readonly name: string;
  /** The language or locale the template was approved in, e.g. `en_US`. */
  readonly language: string;
  readonly components?: readonly unknown[];
}

/**
 * What `NotificationService.send` takes (and `POST /api/notifications` as JSON). `text` is sent inside the 24 h
 * window, `template` outside it (or when the text is refused with 131047); at least one is required.
 */
export interface NotificationRequest {
  /** The user's UserRef: their wa_id (digits, with country code, no `+`), or the BSUID of a username-only user. */
  readonly to: string;
  readonly text?: string;
  readonly template?: NotificationTemplate;
  /** Default `utility`. Marketing is refused to users who opted out (STOP). */
  readonly category?: NotificationCategory;
  /** The same key within 24 h answers the first notification's id and sends nothing again. */
  readonly idempotencyKey?: string;
}

export const NOTIFICATION_CATEGORIES: readonly NotificationCategory[] = ['utility', 'marketing', 'authentication'];
/** Meta's limit on a text message body. */
export const MAX_TEXT_CHARS = 4096;
export const MAX_IDEMPOTENCY_KEY_CHARS = 200;
const WA_ID = /^[1-9]\d{6,14}$/;

export type ParsedNotificationRequest =
  | { readonly ok: true; readonly request: NotificationRequest }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks a request body field by field: every bad field gets its own message. */
export function parseNotificationRequest(body: unknown): ParsedNotificationRequest {
  if (!isObject(body)) return { ok: false, problems: [{ field: 'body', message: 'must be a JSON object' }] };
  const problems: FieldProblem[] = [];
  const problem = (field: string, message: string) => void problems.push({ field, message });

  const { to, text, template, category, idempotencyKey } = body;
  if (typeof to !== 'string' || !(WA_ID.test(to) || BSUID_PATTERN.test(to)))
    problem('to', 'must be a wa_id (7 to 15 digits with country code, no +) or a user id such as US.1349…');
  if (text !== undefined) {
    if (typeof text !== 'string' || text.trim() === '') problem('text', 'must be a non-empty string');
    else if ([...text].length > MAX_TEXT_CHARS) problem('text', `must be at most ${MAX_TEXT_CHARS} characters`);
  }
  if (template !== undefined) {
    if (!isObject(template)) problem('template', 'must be an object with name and language');
    else {
      if (typeof template.name !== 'string' || !TEMPLATE_NAME.test(template.name))
        problem(
          'template.name',
          'must be 1 to 512 lowercase letters, digits or underscores (Meta rejects other names)',
        );
      if (typeof template.language !== 'string' || !TEMPLATE_LANGUAGE.test(template.language))
        problem('template.language', 'must be a language code such as en or en_US');
      if (template.components !== undefined && !Array.isArray(template.components))
        problem('template.components', 'must be an array (passed to Graph as given)');
    }
  }
  if (text === undefined && template === undefined) problem('text', 'text or template is required');
  if (category !== undefined && !NOTIFICATION_CATEGORIES.includes(category as NotificationCategory))
    problem('category', `must be one of ${NOTIFICATION_CATEGORIES.join(', ')}`);
  if (idempotencyKey !== undefined) {
    if (typeof idempotencyKey !== 'string' || idempotencyKey === '')
      problem('idempotencyKey', 'must be a non-empty string');
    else if (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_CHARS)
      problem('idempotencyKey', `must be at most ${MAX_IDEMPOTENCY_KEY_CHARS} characters`);
  }
  if (problems.length > 0) return { ok: false, problems };

  const given = template as Record<string, unknown> | undefined;
  return {
    ok: true,
    request: {
      to: to as string,
      ...(text !== undefined ? { text: text as string } : {}),
      ...(given
        ? {
            template: {
              name: given.name as string,
              language: given.language as string,
              ...(given.components !== undefined ? { components: given.components as unknown[] } : {}),
            },
          }
        : {}),
      category: (category as NotificationCategory | undefined) ?? 'utility',
      ...(idempotencyKey !== undefined ? { idempotencyKey: idempotencyKey as string } : {}),
    },
  };
}
