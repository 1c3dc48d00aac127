import { Logger, type LoggerService } from '@nestjs/common';
import type { FlowDispatcher } from '../flows/core/index.js';
import type { InboundMessage } from '../whatsapp/inbound-message.js';
import type { WhatsAppClient } from '../whatsapp/whatsapp.client.js';
import { FloodGuard, type FloodVerdict } from './flood-guard/flood-guard.port.js';
import { FLOOD_GUARD_TEXT } from './flood-guard/flood-guard.texts.js';
import { MemoryFloodGuard } from './flood-guard/memory-flood-guard.adapter.js';
import { InboundProcessor, windowTimeOf } from './inbound.processor.js';

const ADA = '15550000001';
const BOB = '15550000002';

interface LoggedRecord {
  readonly level: string;
  readonly fields: unknown;
  readonly msg: unknown;
}

/** Keeps what InboundProcessor logs, fields and message apart, at every level. */
class FieldLogger implements LoggerService {
  readonly records: LoggedRecord[] = [];
  log = (fields: unknown, ...rest: unknown[]) => this.record('log', fields, rest);
  warn = (fields: unknown, ...rest: unknown[]) => this.record('warn', fields, rest);
  error = (fields: unknown, ...rest: unknown[]) => this.record('error', fields, rest);
  debug = (fields: unknown, ...rest: unknown[]) => this.record('debug', fields, rest);
  private record(level: string, fields: unknown, rest: unknown[]): void {
    if (rest.at(-1) === InboundProcessor.name) this.records.push({ level, fields, msg: rest[0] });
  }
}

let sequence = 0;
function text(from: string, body: string): InboundMessage {
  return { id: `wamid.${++sequence}`, from, timestamp: 1_700_000_000, phoneNumberId: '1', type: 'text', text: body };
}

/** A processor over recording fakes of the Graph client and the dispatcher. */
function setUp(guard: FloodGuard = new MemoryFloodGuard(3), options: { noticeFails?: boolean } = {}) {
  const dispatched: string[] = [];
  const read: string[] = [];
  const sent: { to: string; body: string }[] = [];
  const whatsapp = {
    markRead: async (messageId: string) => void read.push(messageId),
    sendText: async (to: string, body: string) => {
      if (options.noticeFails) throw new Error('graph down');
      sent.push({ to, body });
      return { messageId: 'wamid.out' };
    },
  } as unknown as WhatsAppClient;
  const dispatcher = {
    dispatch: async (message: InboundMessage) => void dispatched.push(message.id),
  } as unknown as FlowDispatcher;
  const processor = new InboundProcessor(whatsapp, dispatcher, guard, { userMessagesPerMinute: 3 });
  const receive = async (message: InboundMessage) => {
    await processor.process({ kind: 'message', message });
    return message.id;
  };
  return { receive, dispatched, read, sent };
}

describe('InboundProcessor flood guard', () => {
  let logger: FieldLogger;

  beforeEach(() => {
    logger = new FieldLogger();
    Logger.overrideLogger(logger);
  });
  afterAll(() => Logger.overrideLogger(false));

  it('processes the limit, then drops without read receipt or dispatch, telling the user once', async () => {
    const { receive, dispatched, read, sent } = setUp();
    const ids = [];
    for (let i = 1; i <= 6; i++) ids.push(await receive(text(ADA, `message ${i}`)));

    expect(dispatched).toEqual(ids.slice(0, 3));
    expect(read).toEqual(ids.slice(0, 3));
    expect(sent).toEqual([{ to: ADA, body: FLOOD_GUARD_TEXT.notice }]);
  });

  it.each([
    ['menu', text(ADA, 'menu')],
    ['cancel, typed loosely', text(ADA, '  Cancel ')],
    ['exit', text(ADA, 'EXIT')],
    [
      'a tapped button titled Menu',
      {
        id: 'wamid.menu-button',
        from: ADA,
        timestamp: 1,
        phoneNumberId: '1',
        type: 'interactive',
        reply: { kind: 'button_reply', id: 'x', title: 'Menu' },
      },
    ],
  ] as [string, InboundMessage][])(
    'always processes a global command (%s), without counting it',
    async (_case, command) => {
      const { receive, dispatched, read } = setUp();
      for (let i = 0; i < 4; i++) await receive(text(ADA, 'spam'));

      const id = await receive(command);

      expect(dispatched.at(-1)).toBe(id);
      expect(read.at(-1)).toBe(id);
      expect(dispatched).toHaveLength(4);
    },
  );

  it('does not count global commands against the limit', async () => {
    const { receive, dispatched } = setUp();
    for (let i = 0; i < 5; i++) await receive(text(ADA, 'menu'));
    for (let i = 0; i < 3; i++) await receive(text(ADA, 'hello'));
    expect(dispatched).toHaveLength(8);
  });

  it("leaves other users' budgets alone", async () => {
    const { receive, dispatched } = setUp();
    for (let i = 0; i < 5; i++) await receive(text(ADA, 'spam'));
    const bobs = [await receive(text(BOB, 'hi')), await receive(text(BOB, 'there'))];
    expect(dispatched.slice(-2)).toEqual(bobs);
  });

  it('logs each drop at debug and the first at warn, with the masked wa_id and never the text', async () => {
    const { receive } = setUp();
    for (let i = 0; i < 5; i++) await receive(text(ADA, `secret text ${i}`));

    const drops = logger.records.filter((record) => record.msg === 'message dropped: sender over the per-minute limit');
    expect(drops.map((record) => record.level)).toEqual(['debug', 'debug']);
    const warnings = logger.records.filter((record) => record.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        fields: { messageId: expect.any(String), type: 'text', waId: '*******0001', limitPerMinute: 3 },
        msg: 'sender over the per-minute limit: dropping their messages, notice sent',
      },
    ]);
    const logged = JSON.stringify(logger.records);
    expect(logged).not.toContain('secret text');
    expect(logged).not.toContain(ADA);
  });

  it('still drops the message when the notice cannot be sent', async () => {
    const { receive, dispatched } = setUp(new MemoryFloodGuard(1), { noticeFails: true });
    await receive(text(ADA, 'one'));
    await expect(receive(text(ADA, 'two'))).resolves.toEqual(expect.any(String));
    expect(dispatched).toHaveLength(1);
    expect(logger.records.filter((record) => record.msg === 'flood notice could not be sent')).toHaveLength(1);
  });

  it('lets messages through when the guard cannot decide', async () => {
    class BrokenGuard extends FloodGuard {
      async check(): Promise<FloodVerdict> {
        throw new Error('redis away');
      }
    }
    const { receive, dispatched } = setUp(new BrokenGuard());
    const id = await receive(text(ADA, 'hi'));
    expect(dispatched).toEqual([id]);
    expect(logger.records.filter((record) => record.msg === 'flood guard failed: message let through')).toHaveLength(1);
  });
});

describe('windowTimeOf (when the 24 h window starts)', () => {
  const now = Date.UTC(2026, 11, 5, 12, 0, 0);
  const seconds = (ms: number) => ms / 1000;

  it("is Meta's timestamp: a delivery that waited in a backlog keeps the time the user wrote", () => {
    expect(windowTimeOf({ timestamp: seconds(now - 3_600_000) }, now)).toBe(now - 3_600_000);
  });

  it('is capped at now, so a sender clock ahead of ours cannot lengthen the window', () => {
    expect(windowTimeOf({ timestamp: seconds(now + 600_000) }, now)).toBe(now);
  });

  it('is now for a timestamp older than any real delivery (a copied sample payload) or not a time at all', () => {
    expect(windowTimeOf({ timestamp: 1_700_000_000 }, now)).toBe(now);
    expect(windowTimeOf({ timestamp: seconds(now - 8 * 24 * 3_600_000) }, now)).toBe(now);
    expect(windowTimeOf({ timestamp: Number.NaN }, now)).toBe(now);
    expect(windowTimeOf({ timestamp: 0 }, now)).toBe(now);
  });

  it('keeps a six-day-old redelivery as it is: Meta retries for up to 7 days', () => {
    const sixDaysAgo = now - 6 * 24 * 3_600_000;
    expect(windowTimeOf({ timestamp: seconds(sixDaysAgo) }, now)).toBe(sixDaysAgo);
  });
});
