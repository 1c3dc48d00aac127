import { jest } from '@jest/globals';
import { ConsoleLogger, type InjectionToken, type LogLevel, type Type } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { AiModule } from '../../ai/ai.module.js';
import { AirtableModule } from '../../airtable/airtable.module.js';
import type { ConversationState, JsonObject } from '../../state/conversation-state.js';
import { ConversationStore } from '../../state/conversation-store.port.js';
import { StateModule } from '../../state/state.module.js';
import { UserPreferencesStore, type UserPreferences } from '../../state/user-preferences-store.port.js';
import type { DistributiveOmit, InboundMessage } from '../../whatsapp/inbound-message.js';
import { LocalRecordingTransport, type RecordedSend } from '../../whatsapp/local-recording-transport.adapter.js';
import { MediaGateway } from '../../whatsapp/media-gateway.port.js';
import { MessageTransport, recipientOf, type GraphMessagesRequest } from '../../whatsapp/message-transport.port.js';
import { WhatsAppModule } from '../../whatsapp/whatsapp.module.js';
import { WindowService } from '../../window/window.service.js';
import { FlowDispatcher, FlowsCoreModule, type Language } from '../core/index.js';
import { StepTimeouts } from '../core/step-timeouts.service.js';
import { flowListModule, type FlowListEntry } from '../flow-list.js';

export interface TestChatOptions {
  /** The flows under test, as in `src/flows/flows.ts` (flow classes or modules); include `MainMenuModule`. */
  readonly flows: readonly FlowListEntry[];
  /** Replacements for ports, e.g. `[[RegistrationStore, new MemoryRegistrationStore()]]`. */
  readonly provide?: ReadonlyArray<readonly [InjectionToken, unknown]>;
  /** The first user's wa_id and profile name. */
  readonly waId?: string;
  readonly profileName?: string;
  /** The first user's language, as if they had chosen it with the `language` command (default: DEFAULT_LANGUAGE). */
  readonly language?: Language;
  /** Nest log levels to print while testing (default none: expected failures would flood the output). */
  readonly logLevels?: LogLevel[];
}

/** A file the user sends: its bytes reach `ctx.media.download()` (defaults: a few fake bytes of a typical type). */
export interface FakeMedia {
  readonly data?: Buffer;
  readonly mimeType?: string;
  readonly caption?: string;
  /** Documents only: the file's name. */
  readonly filename?: string;
}

type Interactive = {
  type?: string;
  action?: {
    buttons?: { reply: { id: string; title: string } }[];
    sections?: { rows: { id: string; title: string }[] }[];
  };
};

/**
 * A flow test harness that reads like a conversation: it boots the real flows module (registry, dispatcher,
 * your flows) with in-memory stores, the AI and registration ports (override them with `provide`), the
 * simulated media store and a recording Graph transport that checks every body against Meta's spec, then lets
 * a test talk as a WhatsApp user:
 *
 * ```ts
 * const chat = await createTestChat({ flows: [MainMenuModule, RegisterModule], language: 'es' });
 * await chat.send('hola');
 * chat.expectButtons(['Registrarse']);
 * await chat.tap('Registrarse');
 * chat.expectText(/nombre completo/i);
 * await chat.sendImage({ data: receiptBytes }); // ctx.media.download() returns these bytes
 * ```
 * Each `expect*` asserts with jest's `expect` (a failure shows a diff) and looks at the replies to the user's
 * last message only. Call `close()` after each test.
 */
export class TestChat {
  private turnStart = 0;
  private sequence = 0;

  constructor(
    private readonly shared: {
      readonly module: TestingModule;
      readonly transport: LocalRecordingTransport;
      counter: number;
    },
    readonly waId: string,
    readonly profileName: string | undefined,
    /** Stored as the user's choice before their first message. */
    private pendingLanguage?: Language,
  ) {}

  /** Another user of the same bot (own wa_id, conversation and, optionally, language), to test users side by side. */
  as(waId: string, profileName?: string, options: { readonly language?: Language } = {}): TestChat {
    return new TestChat(this.shared, waId, profileName, options.language);
  }

  /** The user types `text`. */
  send(text: string): Promise<void> {
    return this.receive({ type: 'text', text });
  }

  /** The user taps the reply button or list row titled `title` in the bot's latest interactive message to them. */
  tap(title: string): Promise<void> {
    // Any earlier message counts: a user may tap a button of a message older than the bot's last reply.
    const options = this.latestInteractiveOptions();
    const option = options.find((candidate) => candidate.title === title);
    if (!option) {
      throw new Error(
        `No button or list row titled "${title}"; the latest options are: ${JSON.stringify(options.map((o) => o.title))}`,
      );
    }
    return this.receive({ type: 'interactive', reply: { kind: option.kind, id: option.id, title: option.title } });
  }

  /** The user sends any other kind of message, e.g. `{ type: 'location', location: { latitude: 1, longitude: 2 } }`. */
  sendMessage(content: DistributiveOmit<InboundMessage, BaseKeys>): Promise<void> {
    return this.receive(content);
  }

  /** The user sends a photo (a caption, or the file itself); a step's `ctx.media.download()` gets its bytes. */
  sendImage(media: string | FakeMedia = {}): Promise<void> {
    return this.sendFile('image', typeof media === 'string' ? { caption: media } : media, 'image/jpeg');
  }

  /** The user sends a document, by default a small PDF; a step's `ctx.media.download()` gets its bytes. */
  sendDocument(media: FakeMedia = {}): Promise<void> {
    return this.sendFile('document', { filename: 'document.pdf', ...media }, 'application/pdf');
  }

  /**
   * The user stays silent for `ms` (jest fake timers must be on: `jest.useFakeTimers()`): step timeouts due meanwhile
   * fire, and `texts`, `replies` and `expect*` then show what the bot sent during the silence.
   */
  async advance(ms: number): Promise<void> {
    this.turnStart = this.shared.transport.sent.length;
    await jest.advanceTimersByTimeAsync(ms);
    await this.shared.module.get(StepTimeouts).idle();
  }

  /** Every body sent to this user since their last message (read receipts excluded). */
  get replies(): GraphMessagesRequest[] {
    return this.sendsSinceTurn()
      .filter((send) => send.messageId !== undefined)
      .map((send) => send.body);
  }

  /** The texts sent to this user since their last message (text bodies and interactive bodies). */
  get texts(): string[] {
    return this.replies.map(bodyText).filter((text): text is string => text !== undefined);
  }

  /** Read receipts (with or without typing indicator) sent since the user's last message. */
  get readReceipts(): GraphMessagesRequest[] {
    return this.sendsSinceTurn()
      .filter((send) => send.messageId === undefined)
      .map((send) => send.body);
  }

  /**
   * Asserts that some reply since the user's last message contains `expected`, matches it (a RegExp) or, with
   * `{ exact: true }`, equals it; returns that text. On failure jest shows the replies as a diff.
   */
  expectText(expected: string | RegExp, options: { readonly exact?: boolean } = {}): string {
    const texts = this.texts;
    const matches = (text: string) =>
      typeof expected !== 'string' ? expected.test(text) : options.exact ? text === expected : text.includes(expected);
    const matcher: unknown =
      typeof expected !== 'string'
        ? expect.stringMatching(expected)
        : options.exact
          ? expected
          : expect.stringContaining(expected);
    expect(texts).toEqual(expect.arrayContaining([matcher]));
    return texts.find(matches) as string;
  }

  /** Asserts that the latest interactive reply since the user's last message has exactly these reply buttons, in order. */
  expectButtons(titles: readonly string[]): void {
    const buttons = (this.latestInteractive(this.turnStart)?.action?.buttons ?? []).map((button) => button.reply.title);
    expect(buttons).toEqual(titles);
  }

  /** Asserts that the latest interactive reply since the user's last message is a list with exactly these rows, in order. */
  expectList(rowTitles: readonly string[]): void {
    const rows = (this.latestInteractive(this.turnStart)?.action?.sections ?? []).flatMap((section) =>
      section.rows.map((row) => row.title),
    );
    expect(rows).toEqual(rowTitles);
  }

  /** Asserts that the bot sent this user nothing (but read receipts) since their last message. */
  expectNoReply(): void {
    expect(this.replies).toEqual([]);
  }

  /** The stored state of `flowId` for this user (undefined when the user has none). */
  async state(flowId: string): Promise<JsonObject | undefined> {
    return (await this.conversation())?.data[flowId];
  }

  /** What the bot keeps about this user beyond the conversation (the language they chose). */
  preferences(): Promise<UserPreferences | undefined> {
    return this.shared.module.get(UserPreferencesStore).read(this.waId);
  }

  /** The user's whole stored conversation (active flow, step, per-flow data). */
  conversation(): Promise<ConversationState | undefined> {
    return this.shared.module.get(ConversationStore).read(this.waId);
  }

  /** Resolves a provider of the booted module (a store you replaced, the registry...). */
  get<T>(token: InjectionToken): T {
    return this.shared.module.get<T>(token as Type<T>, { strict: false });
  }

  close(): Promise<void> {
    return this.shared.module.close();
  }

  private async sendFile(kind: 'image' | 'document', media: FakeMedia, defaultMimeType: string): Promise<void> {
    const mimeType = media.mimeType ?? defaultMimeType;
    const data = media.data ?? Buffer.from(`fake ${kind} ${++this.shared.counter}`);
    // The simulated media store (the harness has no WP_ACCESS_TOKEN) serves these bytes to ctx.media.download().
    const id = await this.shared.module.get(MediaGateway).upload(data, mimeType);
    const { caption, filename } = media;
    return this.receive({ type: kind, media: { id, mimeType, caption, ...(kind === 'document' ? { filename } : {}) } });
  }

  private async receive(content: DistributiveOmit<InboundMessage, BaseKeys>): Promise<void> {
    if (this.pendingLanguage) {
      await this.shared.module.get(UserPreferencesStore).write(this.waId, { language: this.pendingLanguage });
      this.pendingLanguage = undefined;
    }
    this.turnStart = this.shared.transport.sent.length;
    // As the inbound processor does: the message opens the user's 24-hour window.
    await this.shared.module.get(WindowService).recordInbound(this.waId);
    const message = {
      id: `wamid.TEST.${this.waId}.${++this.sequence}.${++this.shared.counter}`,
      from: this.waId,
      profileName: this.profileName,
      timestamp: Math.floor(Date.now() / 1000),
      phoneNumberId: 'test-phone-number-id',
      ...content,
    } as InboundMessage;
    await this.shared.module.get(FlowDispatcher).dispatch(message);
    const invalid = this.sendsSinceTurn().filter((send) => !send.valid);
    if (invalid.length > 0) {
      throw new Error(
        `The bot sent bodies that Meta's spec rejects: ${JSON.stringify(invalid.map((s) => ({ body: s.body, errors: s.errors })))}`,
      );
    }
  }

  private sendsSinceTurn(): RecordedSend[] {
    return this.shared.transport.sent
      .slice(this.turnStart)
      .filter((send) => recipientOf(send.body) === this.waId || send.messageId === undefined);
  }

  /** The latest interactive message to this user among the sends from index `since` on. */
  private latestInteractive(since: number): Interactive | undefined {
    const all = this.shared.transport.sent
      .slice(since)
      .filter((send) => recipientOf(send.body) === this.waId && send.body.type === 'interactive');
    return all.at(-1)?.body.interactive as Interactive | undefined;
  }

  private latestInteractiveOptions(): { kind: 'button_reply' | 'list_reply'; id: string; title: string }[] {
    const interactive = this.latestInteractive(0);
    const buttons = (interactive?.action?.buttons ?? []).map((b) => ({ kind: 'button_reply' as const, ...b.reply }));
    const rows = (interactive?.action?.sections ?? []).flatMap((s) =>
      s.rows.map((r) => ({ kind: 'list_reply' as const, id: r.id, title: r.title })),
    );
    return [...buttons, ...rows];
  }
}

type BaseKeys = 'id' | 'from' | 'timestamp' | 'phoneNumberId' | 'profileName';

/** The text a user reads in a body: a text message's body, or an interactive message's body. */
function bodyText(body: GraphMessagesRequest): string | undefined {
  if (body.type === 'text') return (body.text as { body: string }).body;
  if (body.type === 'interactive') return (body.interactive as { body?: { text: string } }).body?.text;
  return undefined;
}

/** Boots the flows under test; see `TestChat`. */
export async function createTestChat(options: TestChatOptions): Promise<TestChat> {
  const transport = new LocalRecordingTransport(10_000);
  const flows = flowListModule(options.flows);
  let builder = Test.createTestingModule({
    imports: [
      ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
      StateModule,
      WhatsAppModule,
      // Global in the app too: flows inject their ports without importing these modules.
      AiModule,
      AirtableModule,
      FlowsCoreModule,
      ...flows.imports,
    ],
    providers: flows.providers,
  })
    .overrideProvider(MessageTransport)
    .useValue(transport);
  for (const [token, value] of options.provide ?? []) builder = builder.overrideProvider(token).useValue(value);
  const module = await builder.setLogger(new ConsoleLogger({ logLevels: options.logLevels ?? [] })).compile();
  await module.init();
  return new TestChat(
    { module, transport, counter: 0 },
    options.waId ?? '15550001111',
    options.profileName ?? 'Ada',
    options.language,
  );
}
