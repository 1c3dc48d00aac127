import { Logger } from '@nestjs/common';
import type { InboundStatus } from '../../whatsapp/inbound-message.js';
import { MessageStatusEvents, type MessageStatusEvent } from './message-status.events.js';

const failed: InboundStatus = {
  id: 'wamid.OUT1',
  status: 'failed',
  timestamp: 1_700_000_000,
  recipientId: '15551234567',
  phoneNumberId: '106540352242922',
  errors: [{ code: 131026, title: 'Message undeliverable' }],
};

describe('MessageStatusEvents', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('hands each status to every listener, in subscription order, with the failure code', async () => {
    const events = new MessageStatusEvents();
    const seen: string[] = [];
    let first: MessageStatusEvent | undefined;
    events.subscribe((event) => {
      first = event;
      seen.push('a');
    });
    events.subscribe(() => void seen.push('b'));
    await events.emit(failed);
    expect(seen).toEqual(['a', 'b']);
    expect(first).toEqual({
      messageId: 'wamid.OUT1',
      status: 'failed',
      waId: '15551234567',
      timestamp: 1_700_000_000,
      error: { code: 131026, title: 'Message undeliverable' },
    });
  });

  it('keeps going when a listener throws, and stops calling one that unsubscribed', async () => {
    const events = new MessageStatusEvents();
    const seen: string[] = [];
    events.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = events.subscribe(() => void seen.push('gone'));
    events.subscribe(async () => void seen.push('last'));
    unsubscribe();
    await expect(events.emit(failed)).resolves.toBeUndefined();
    expect(seen).toEqual(['last']);
  });
});
