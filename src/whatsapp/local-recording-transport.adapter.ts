import { randomBytes, randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { maskPhone } from '../common/logging/mask-phone.js';
import { GraphApiError } from './graph-api.error.js';
import { validateMessagesRequest, warmUpMessageSchema } from './message-schema.js';
import {
  graphContactFor,
  isReadReceiptRequest,
  MessageTransport,
  recipientOf,
  type GraphMessagesRequest,
  type GraphMessagesResponse,
} from './message-transport.port.js';

/** Graph's error body, as the simulated Graph answers a body that Meta's spec rejects. */
export interface GraphErrorResponse {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: number;
    readonly error_data: { readonly messaging_product: 'whatsapp'; readonly details: string };
    readonly fbtrace_id: string;
  };
}

/** One body the simulated Graph received, with the spec check's verdict and what it answered. */
export interface RecordedSend {
  readonly body: GraphMessagesRequest;
  /** The id it answered with (`wamid.LOCAL...`); undefined for read receipts and for refused bodies. */
  readonly messageId?: string;
  readonly valid: boolean;
  readonly errors: readonly string[];
  /** The HTTP status Graph would have answered: 200, or 400 when the body fails Meta's spec or the window is closed. */
  readonly status: 200 | 400;
  /** The JSON Graph would have answered with. */
  readonly response: GraphMessagesResponse | GraphErrorResponse;
  readonly at: Date;
}

export type SendListener = (send: RecordedSend) => void;
/** Whether the 24 h customer-service window of `to` is open (a wa_id). */
export type WindowCheck = (to: string) => Promise<boolean>;

/** How many bodies are kept by default: enough for a simulator session, bounded so a long run cannot grow. */
export const DEFAULT_RECORDING_CAPACITY = 500;
/** Simulated wa_ids and inbound message ids remembered for routing; the oldest are forgotten first. */
const MAX_SIMULATED_USERS = 1000;
const MAX_SIMULATED_MESSAGES = 10_000;
/** Meta's code and text for a parameter it cannot accept; `details` names what is wrong. */
const INVALID_PARAMETER_CODE = 100;
const INVALID_PARAMETER_MESSAGE = '(#100) Invalid parameter';
/** Meta's answer to a free-form message outside the 24 h customer-service window. */
const OUTSIDE_WINDOW_CODE = 131047;
const OUTSIDE_WINDOW_MESSAGE = '(#131047) Re-engagement message';
const OUTSIDE_WINDOW_DETAILS =
  'Message failed to send because more than 24 hours have passed since the customer last replied to this number.';
/** Bounds the `details` text: a badly broken body can fail dozens of schema rules. */
const MAX_DETAILS_LENGTH = 1000;

/**
 * The simulated Graph API: the transport when WP_ACCESS_TOKEN is unset (local mode, the simulator), where nothing
 * leaves the process. Each body is checked against Meta's spec and answered the way Graph would: a `wamid` for a
 * valid message, `{ success: true }` for a read receipt, and for a body Meta would refuse the same `GraphApiError`
 * the HTTP transport throws (400, code 100, details naming the schema errors), so the caller's error handling runs
 * as it would in production. Every body is kept in a bounded buffer and passed to `onSend` listeners.
 */
export class LocalRecordingTransport extends MessageTransport {
  private readonly logger = new Logger(LocalRecordingTransport.name);
  private readonly recorded: RecordedSend[] = [];
  private readonly listeners = new Set<SendListener>();
  private readonly simulatedUsers = new BoundedSet<string>(MAX_SIMULATED_USERS);
  private readonly simulatedMessages = new BoundedSet<string>(MAX_SIMULATED_MESSAGES);
  private windowIsOpen: WindowCheck | undefined;

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

  /**
   * Enforces the 24 h window like Meta: from now on a free-form message to a user whose window is closed is refused
   * with 131047 and Meta's error body; templates and read receipts always go through. The simulator turns it on.
   */
  enforceWindow(isOpen: WindowCheck): void {
    this.windowIsOpen = isOpen;
  }

  /** Marks `waId` as a simulated user: `isSimulated` then claims the messages sent to them. */
  registerSimulatedUser(waId: string): void {
    this.simulatedUsers.add(waId);
  }

  /** Marks an inbound message id as simulated: `isSimulated` then claims the read receipts for it. */
  registerSimulatedMessage(messageId: string): void {
    this.simulatedMessages.add(messageId);
  }

  /** Whether `body` is for a simulated user: a message to a registered wa_id, or a receipt for a registered message. */
  isSimulated(body: GraphMessagesRequest): boolean {
    if (isReadReceiptRequest(body))
      return typeof body.message_id === 'string' && this.simulatedMessages.has(body.message_id);
    const to = recipientOf(body);
    return to !== undefined && this.isSimulatedUser(to);
  }

  /** Whether `waId` was registered as a simulated user (their media uploads stay local too). */
  isSimulatedUser(waId: string): boolean {
    return this.simulatedUsers.has(waId);
  }

  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    const readReceipt = isReadReceiptRequest(body);
    const { valid, errors } = validateMessagesRequest(body);
    const to = recipientOf(body);
    const outsideWindow = valid && !readReceipt && (await this.outsideWindow(body, to));
    const accepted = valid && !outsideWindow;
    const messageId = accepted && !readReceipt ? `wamid.LOCAL.${randomUUID()}` : undefined;
    const response = accepted
      ? acceptedResponse(readReceipt, to, messageId)
      : outsideWindow
        ? graphError(OUTSIDE_WINDOW_CODE, OUTSIDE_WINDOW_MESSAGE, OUTSIDE_WINDOW_DETAILS)
        : graphError(INVALID_PARAMETER_CODE, INVALID_PARAMETER_MESSAGE, errors.join('; ').slice(0, MAX_DETAILS_LENGTH));
    const status = accepted ? 200 : 400;
    const send: RecordedSend = { body, messageId, valid, errors, status, response, at: new Date() };

    this.recorded.push(send);
    if (this.recorded.length > this.capacity) this.recorded.splice(0, this.recorded.length - this.capacity);

    const fields = {
      kind: readReceipt ? 'read-receipt' : String(body.type),
      to: maskPhone(to) || undefined,
      messageId,
    };
    this.logger.log(fields, 'message recorded locally by the simulated Graph API');
    // Bodies hold what users typed or will read: debug level only, and the recipient masked like everywhere else.
    this.logger.debug(
      { ...fields, body: { ...body, ...(to !== undefined ? { to: maskPhone(to) } : {}) } },
      'recorded body',
    );
    if (!valid) this.logger.warn({ ...fields, errors }, 'body refused: it does not match the Graph spec');
    if (outsideWindow) this.logger.warn(fields, 'free-form message refused with 131047: the 24 h window is closed');

    for (const listener of this.listeners) {
      // A failing listener (a closed simulator socket) must not change what the bot's send resolves to.
      try {
        listener(send);
      } catch (error) {
        this.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'send listener failed');
      }
    }

    if (!accepted) throw graphErrorFor(response as GraphErrorResponse);
    return response as GraphMessagesResponse;
  }

  /** A free-form message (anything but a template) to a user whose window the simulator says is closed. */
  private async outsideWindow(body: GraphMessagesRequest, to: string | undefined): Promise<boolean> {
    if (!this.windowIsOpen || to === undefined || body.type === 'template') return false;
    return !(await this.windowIsOpen(to));
  }
}

function acceptedResponse(
  readReceipt: boolean,
  to: string | undefined,
  messageId: string | undefined,
): GraphMessagesResponse {
  if (readReceipt) return { success: true };
  return {
    messaging_product: 'whatsapp',
    contacts: to !== undefined ? [graphContactFor(to)] : [],
    messages: [{ id: messageId ?? '' }],
  };
}

function graphError(code: number, message: string, details: string): GraphErrorResponse {
  return {
    error: {
      message,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details },
      // Graph gives every answer a trace id; a random one keeps the shape (and the inspector) realistic.
      fbtrace_id: randomBytes(12).toString('base64url'),
    },
  };
}

/** The error the HTTP transport would build from this answer (`GraphApiError.from` on a 400). */
function graphErrorFor({ error }: GraphErrorResponse): GraphApiError {
  return new GraphApiError({
    status: 400,
    graphCode: error.code,
    type: error.type,
    graphMessage: error.message,
    details: error.error_data.details,
    fbtraceId: error.fbtrace_id,
  });
}

/** A set that forgets its oldest entries beyond `capacity`, so a long simulator session cannot grow it. */
class BoundedSet<T> {
  private readonly items = new Set<T>();

  constructor(private readonly capacity: number) {}

  add(item: T): void {
    // Re-adding moves the item to the newest position.
    this.items.delete(item);
    this.items.add(item);
    if (this.items.size > this.capacity) {
      const oldest = this.items.values().next();
      if (!oldest.done) this.items.delete(oldest.value);
    }
  }

  has(item: T): boolean {
    return this.items.has(item);
  }
}
