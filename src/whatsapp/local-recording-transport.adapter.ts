import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { maskPhone } from '../common/logging/mask-phone.js';
import { isReadReceiptRequest, validateMessagesRequest, warmUpMessageSchema } from './message-schema.js';
import { MessageTransport, type GraphMessagesRequest, type GraphMessagesResponse } from './message-transport.port.js';

/** One body the local transport received, with the spec check's verdict. */
export interface RecordedSend {
  readonly body: GraphMessagesRequest;
  /** The id it answered with (`wamid.LOCAL...`); undefined for read receipts. */
  readonly messageId?: string;
  readonly valid: boolean;
  readonly errors: readonly string[];
  readonly at: Date;
}

export type SendListener = (send: RecordedSend) => void;

/** How many bodies are kept by default: enough for a simulator session, bounded so a long run cannot grow. */
export const DEFAULT_RECORDING_CAPACITY = 500;

/**
 * The transport when WP_ACCESS_TOKEN is unset (development, the simulator): nothing leaves the process. Each body
 * is checked against Meta's spec (a warning when invalid, so a bad body shows up before production does), kept in
 * a bounded buffer, passed to `onSend` listeners, and answered the way Graph would.
 */
export class LocalRecordingTransport extends MessageTransport {
  private readonly logger = new Logger(LocalRecordingTransport.name);
  private readonly recorded: RecordedSend[] = [];
  private readonly listeners = new Set<SendListener>();

  constructor(private readonly capacity: number = DEFAULT_RECORDING_CAPACITY) {
    super();
    warmUpMessageSchema();
  }

  /** The last `capacity` bodies, oldest first. */
  get sent(): readonly RecordedSend[] {
    return this.recorded;
  }

  /** Calls `listener` with every body from now on. Returns the unsubscribe function. */
  onSend(listener: SendListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    const readReceipt = isReadReceiptRequest(body);
    const { valid, errors } = validateMessagesRequest(body);
    const messageId = readReceipt ? undefined : `wamid.LOCAL.${randomUUID()}`;
    const send: RecordedSend = { body, messageId, valid, errors, at: new Date() };

    this.recorded.push(send);
    if (this.recorded.length > this.capacity) this.recorded.splice(0, this.recorded.length - this.capacity);

    const to = typeof body.to === 'string' ? body.to : undefined;
    const fields = { kind: readReceipt ? 'read-receipt' : String(body.type), to: maskPhone(to), messageId };
    this.logger.log(fields, 'message recorded locally (WP_ACCESS_TOKEN unset)');
    // Bodies hold what users typed or will read: debug level only.
    this.logger.debug({ ...fields, body }, 'recorded body');
    if (!valid) this.logger.warn({ ...fields, errors }, 'recorded body does not match the Graph spec');

    for (const listener of this.listeners) {
      // A failing listener (a closed simulator socket) must not fail the send the bot is making.
      try {
        listener(send);
      } catch (error) {
        this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'send listener failed');
      }
    }

    if (readReceipt) return { success: true };
    return {
      messaging_product: 'whatsapp',
      contacts: to !== undefined ? [{ input: to, wa_id: to.replace(/\D/g, '') }] : [],
      messages: [{ id: messageId ?? '' }],
    };
  }
}
