import { isRecord } from '../common/is-record.js';
import { isUserId } from '../common/user-ref.js';

/** A body for `POST /{phone-number-id}/messages`: a message, or a read receipt. */
export type GraphMessagesRequest = { readonly messaging_product: 'whatsapp' } & Record<string, unknown>;

/** Whether a `/messages` body is a read receipt rather than a message: receipts carry `status`, messages never. */
export function isReadReceiptRequest(body: unknown): boolean {
  return isRecord(body) && 'status' in body;
}

/**
 * Who a message body goes to: `to` (a wa_id), or `recipient` (a BSUID, for users known only by their username).
 * Undefined for read receipts.
 */
export function recipientOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const target = body.to ?? body.recipient;
  return typeof target === 'string' ? target : undefined;
}

/** Who Graph says a message went to: `wa_id` for a phone number, `user_id` for a BSUID. */
export interface GraphContact {
  readonly input: string;
  readonly wa_id?: string;
  readonly user_id?: string;
}

/** The `contacts` entry Graph answers for a send to `recipient` (the Graph mocks answer the same). */
export function graphContactFor(recipient: string): GraphContact {
  return isUserId(recipient) ? { input: recipient, user_id: recipient } : { input: recipient, wa_id: recipient };
}

/** Graph's answer to a message send (`{ success: true }` for read receipts). */
export interface GraphMessagesResponse {
  readonly messaging_product?: 'whatsapp';
  readonly contacts?: readonly GraphContact[];
  readonly messages?: readonly { readonly id: string; readonly message_status?: string }[];
  readonly success?: boolean;
}

/**
 * Where message bodies go: the Graph API over HTTP in production, a local recorder in development.
 * Implementations throw `GraphApiError` (never a raw HTTP library error) when the send fails for good.
 */
export abstract class MessageTransport {
  abstract post(body: GraphMessagesRequest): Promise<GraphMessagesResponse>;
}
