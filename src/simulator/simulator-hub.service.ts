import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { isRecord } from '../common/is-record.js';
import { isUserId } from '../common/user-ref.js';
import type { LocalRecordingTransport, RecordedSend } from '../whatsapp/local-recording-transport.adapter.js';
import { SIMULATED_GRAPH } from './simulated-graph.js';
import { isReadReceiptRequest, recipientOf } from '../whatsapp/message-transport.port.js';
import { DEFAULT_USERS, fictionalUserId, fictionalWaId } from './simulator-request.parser.js';
import { SimulatorContext } from './simulator-context.js';
import type {
  BotEntry,
  ConversationEntry,
  GraphCall,
  NoteEntry,
  ReceiptEntry,
  SimulatedUser,
  SimulatorEvent,
  UserEntry,
  UserMessageContent,
  WebhookDelivery,
} from './simulator.types.js';

/** Entries kept per user: a long session scrolls the oldest out instead of growing without bound. */
export const MAX_ENTRIES_PER_USER = 300;
/** Users kept at most; the least recently active one is forgotten first. */
export const MAX_USERS = 50;
/** Open event streams at most (a browser tab holds one). */
export const MAX_SUBSCRIBERS = 50;
/** WhatsApp hides "typing…" after this long if no message follows. */
export const TYPING_TIMEOUT_MS = 25_000;

/** One open event stream. `close` ends it (on shutdown); `filter` limits it to one user. */
export interface Subscriber {
  readonly waId?: string;
  send(event: SimulatorEvent): void;
  close(): void;
}

interface Conversation {
  readonly user: SimulatedUser;
  /** Creation order: the page lists users in a stable order, not by activity. */
  readonly order: number;
  readonly entries: ConversationEntry[];
}

/**
 * The simulator's memory and fan-out: the simulated users, each one's conversation (their messages with the
 * webhook that carried them, the bot's Graph calls with the schema verdict), and the open event streams that
 * hear every change. It learns about the bot's sends by listening to the simulated Graph. All of it is bounded.
 */
@Injectable()
export class SimulatorHub implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SimulatorHub.name);
  /** Insertion order is activity order: a touched conversation moves to the end, the first is evicted first. */
  private readonly conversations = new Map<string, Conversation>();
  /** Inbound message id → its user, to attribute read receipts (which carry only the message id). */
  private readonly userMessages = new Map<string, string>();
  private readonly subscribers = new Set<Subscriber>();
  private unsubscribeFromGraph: (() => void) | undefined;
  private sequence = 0;
  private userOrder = 0;
  private createdUsers = 0;
  private closed = false;

  constructor(
    @Inject(SIMULATED_GRAPH) private readonly graph: LocalRecordingTransport,
    private readonly context: SimulatorContext,
  ) {
    for (const user of DEFAULT_USERS) this.addUser(user);
    this.createdUsers = DEFAULT_USERS.length;
  }

  onModuleInit(): void {
    this.unsubscribeFromGraph = this.graph.onSend((send) => this.recordGraphCall(send));
  }

  /** Ends every event stream, so closing the HTTP server is not held up by them. */
  onModuleDestroy(): void {
    this.closed = true;
    this.unsubscribeFromGraph?.();
    for (const subscriber of this.subscribers) {
      try {
        subscriber.close();
      } catch {
        // Already gone: nothing to end.
      }
    }
    this.subscribers.clear();
  }

  /** The users, oldest first. */
  users(): SimulatedUser[] {
    return [...this.conversations.values()].sort((a, b) => a.order - b.order).map((conversation) => conversation.user);
  }

  user(waId: string): SimulatedUser | undefined {
    return this.conversations.get(waId)?.user;
  }

  /** The user's entries, oldest first; undefined for an unknown user. */
  entries(waId: string): ConversationEntry[] | undefined {
    const conversation = this.conversations.get(waId);
    return conversation ? [...conversation.entries] : undefined;
  }

  /** Every user's entries, in the order they happened. */
  allEntries(): ConversationEntry[] {
    return [...this.conversations.values()]
      .flatMap((conversation) => conversation.entries)
      .sort((a, b) => a.seq - b.seq);
  }

  /** The user `waId`, created with `name` (or a placeholder) when new. */
  ensureUser(waId: string, name?: string): SimulatedUser {
    return this.user(waId) ?? this.addUser({ waId, name: name?.trim() || placeholderName(waId) });
  }

  /** A new user with `name`, and `waId` or the next free fictional number. */
  createUser(name: string, waId?: string): SimulatedUser {
    if (waId !== undefined) return this.user(waId) ?? this.addUser({ waId, name });
    let candidate: string;
    do candidate = fictionalWaId(++this.createdUsers);
    while (this.conversations.has(candidate));
    return this.addUser({ waId: candidate, name });
  }

  /** A user known only by `username` (no phone number), under a new BSUID; the same user again for a taken one. */
  createUsernameOnlyUser(name: string, username: string): SimulatedUser {
    const existing = this.users().find((user) => user.username === username);
    if (existing) return existing;
    let userId: string;
    do userId = fictionalUserId();
    while (this.conversations.has(userId));
    return this.addUser({ waId: userId, name, username });
  }

  /** Records a message the user is about to send; its webhook is in flight (`status: 'pending'`). */
  addUserMessage(waId: string, id: string, content: UserMessageContent, webhook: WebhookDelivery): UserEntry {
    const entry: UserEntry = {
      kind: 'user',
      seq: ++this.sequence,
      waId,
      id,
      at: now(),
      content,
      webhook,
      status: 'pending',
    };
    this.userMessages.set(id, waId);
    this.append(entry);
    return entry;
  }

  /** Records how the webhook went: delivered on a 2xx (unless already read), failed otherwise. */
  settleUserMessage(id: string, result: Pick<WebhookDelivery, 'status' | 'error'>): UserEntry | undefined {
    return this.updateUserMessage(id, (entry) => ({
      ...entry,
      webhook: { ...entry.webhook, ...result },
      status: isSuccess(result.status) ? (entry.status === 'read' ? 'read' : 'delivered') : 'failed',
    }));
  }

  /** Adds a note to the user's conversation (time travel, a notification sent from the page). */
  addNote(waId: string, text: string): NoteEntry {
    const entry: NoteEntry = { kind: 'note', seq: ++this.sequence, waId, at: now(), text };
    this.append(entry);
    return entry;
  }

  /** The id of the bot's latest accepted message to `waId`: what a tapped button replies to. */
  latestBotMessageId(waId: string): string | undefined {
    const entries = this.conversations.get(waId)?.entries ?? [];
    return entries.findLast((entry): entry is BotEntry => entry.kind === 'bot' && entry.id !== undefined)?.id;
  }

  /** Whether another event stream may open. */
  canSubscribe(): boolean {
    return !this.closed && this.subscribers.size < MAX_SUBSCRIBERS;
  }

  /** Adds an event stream; returns its unsubscribe function. Check `canSubscribe()` first. */
  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => {
      this.subscribers.delete(subscriber);
    };
  }

  private addUser(user: SimulatedUser): SimulatedUser {
    return this.addConversation(user).user;
  }

  private addConversation(user: SimulatedUser): Conversation {
    const conversation: Conversation = { user, order: ++this.userOrder, entries: [] };
    this.conversations.set(user.waId, conversation);
    this.graph.registerSimulatedUser(user.waId);
    this.evictIdleUsers();
    this.publish({ type: 'user', user });
    return conversation;
  }

  private evictIdleUsers(): void {
    while (this.conversations.size > MAX_USERS) {
      const [oldest] = this.conversations.keys();
      const evicted = this.conversations.get(oldest);
      this.conversations.delete(oldest);
      for (const entry of evicted?.entries ?? []) if (entry.kind === 'user') this.userMessages.delete(entry.id);
    }
  }

  private append(entry: ConversationEntry): void {
    // The bot may answer a wa_id the page never created (a webhook posted with curl): it gets a conversation too.
    const conversation =
      this.conversations.get(entry.waId) ??
      this.addConversation({ waId: entry.waId, name: placeholderName(entry.waId) });
    // Re-inserting marks the conversation as the most recently active.
    this.conversations.delete(entry.waId);
    this.conversations.set(entry.waId, conversation);
    conversation.entries.push(entry);
    const overflow = conversation.entries.length - MAX_ENTRIES_PER_USER;
    if (overflow > 0) {
      for (const dropped of conversation.entries.splice(0, overflow))
        if (dropped.kind === 'user') this.userMessages.delete(dropped.id);
    }
    this.publish({ type: 'entry', entry });
  }

  private updateUserMessage(id: string, change: (entry: UserEntry) => UserEntry): UserEntry | undefined {
    const waId = this.userMessages.get(id);
    const entries = waId === undefined ? undefined : this.conversations.get(waId)?.entries;
    const index = entries?.findIndex((entry) => entry.kind === 'user' && entry.id === id) ?? -1;
    if (!entries || index < 0) return undefined;
    const updated = change(entries[index] as UserEntry);
    entries[index] = updated;
    this.publish({ type: 'entry', entry: updated });
    return updated;
  }

  /** Attributes one body the bot sent to the simulated Graph to a user and records it. */
  private recordGraphCall(send: RecordedSend): void {
    const graph: GraphCall = {
      method: 'POST',
      path: this.context.graphPath,
      body: send.body,
      valid: send.valid,
      errors: send.errors,
      status: send.status,
      response: send.response,
    };
    if (isReadReceiptRequest(send.body)) {
      const messageId = typeof send.body.message_id === 'string' ? send.body.message_id : undefined;
      const waId = messageId === undefined ? undefined : this.userMessages.get(messageId);
      // A receipt for a message the simulator did not send (a curl to /webhook) belongs to no conversation here.
      if (messageId === undefined || waId === undefined) return;
      const typing = isRecord(send.body.typing_indicator);
      const receipt: ReceiptEntry = {
        kind: 'receipt',
        seq: ++this.sequence,
        waId,
        at: now(),
        trigger: messageId,
        typing,
        graph,
      };
      this.append(receipt);
      if (!send.valid) return;
      this.updateUserMessage(messageId, (entry) => ({ ...entry, status: 'read' }));
      if (typing) this.publish({ type: 'typing', waId, until: new Date(Date.now() + TYPING_TIMEOUT_MS).toISOString() });
      return;
    }
    const waId = recipientOf(send.body);
    if (waId === undefined) {
      this.logger.debug('a body without a recipient reached the simulated Graph: not shown in the simulator');
      return;
    }
    const trigger = this.conversations.get(waId)?.entries.findLast((entry) => entry.kind === 'user')?.id;
    this.append({ kind: 'bot', seq: ++this.sequence, waId, id: send.messageId, at: now(), trigger, graph });
  }

  private publish(event: SimulatorEvent): void {
    for (const subscriber of this.subscribers) {
      if (subscriber.waId !== undefined && event.type !== 'user' && subscriber.waId !== eventWaId(event)) continue;
      try {
        subscriber.send(event);
      } catch (error) {
        // A broken stream must not stop the others, nor the bot's send that triggered this event.
        this.logger.debug({ error: error instanceof Error ? error.message : String(error) }, 'event stream dropped');
        this.subscribers.delete(subscriber);
      }
    }
  }
}

function eventWaId(event: Exclude<SimulatorEvent, { type: 'user' }>): string {
  return event.type === 'entry' ? event.entry.waId : event.waId;
}

/** The name of a user the simulator knows only by id: their number, or their BSUID for a username-only user. */
function placeholderName(ref: string): string {
  return isUserId(ref) ? ref : `+${ref}`;
}

function isSuccess(status: number | undefined): boolean {
  return status !== undefined && status >= 200 && status < 300;
}

function now(): string {
  return new Date().toISOString();
}
