import { isRecord } from '../common/is-record.js';

/** A body for `POST /{phone-number-id}/messages`: a message, or a read receipt. */
export type GraphMessagesRequest = { readonly messaging_product: 'whatsapp' } & Record<string, unknown>;

/** Whether a `/messages` body is a read receipt rather than a message: receipts carry `status`, messages never. */
export function isReadReceiptRequest(body: unknown): boolean {
  return isRecord(body) && 'status' in body;
}

/** Graph's answer to a message send (`{ success: true }` for read receipts). */
export interface GraphMessagesResponse {
  readonly messaging_product?: 'whatsapp';
  readonly contacts?: readonly { readonly input: string; readonly wa_id: string }[];
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
