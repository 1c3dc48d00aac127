import { deferred } from '../../test/helpers/deferred.js';
import { MemoryDedupeStore } from '../state/memory/memory-dedupe-store.adapter.js';
import type { InboundEvent } from '../whatsapp/inbound-message.js';
import { InProcessInboundQueue } from './in-process-inbound-queue.adapter.js';
import { InboundQueueUnavailableError } from './inbound-queue.port.js';
import type { InboundProcessor } from './inbound.processor.js';

function textEvent(id: string, from: string): InboundEvent {
  return { kind: 'message', message: { id, from, timestamp: 1_700_000_000, phoneNumberId: '1', type: 'text', text: 'hi' } };
}

/** A processor whose calls wait until released, recording the ids it saw. */
function gatedProcessor() {
  const seen: string[] = [];
  const gate = deferred();
  const processor = {
    process: async (event: InboundEvent) => {
      if (event.kind === 'message') seen.push(event.message.id);
      await gate.promise;
    },
  } as unknown as InboundProcessor;
  return { processor, seen, release: gate.resolve };
}

describe('InProcessInboundQueue backlog bound', () => {
  it('refuses a webhook that would exceed the bound, before claiming its ids, so the redelivery is processed', async () => {
    const { processor, seen, release } = gatedProcessor();
    const queue = new InProcessInboundQueue(processor, new MemoryDedupeStore(3600, 1000), 2);
    await queue.enqueue([textEvent('wamid.1', '111')]);
    await queue.enqueue([textEvent('wamid.2', '222')]);

    const refused = await queue.enqueue([textEvent('wamid.3', '333')]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(InboundQueueUnavailableError);
    expect((refused as Error).message).toContain('already has 2 messages waiting');

    release();
    await queue.onApplicationShutdown();
    // Meta's redelivery of the refused message is not taken for a duplicate.
    await queue.enqueue([textEvent('wamid.3', '333')]);
    await queue.onApplicationShutdown();
    expect(seen).toEqual(['wamid.1', 'wamid.2', 'wamid.3']);
  });

  it('refuses a batch whole when only part of it would fit', async () => {
    const { processor, seen, release } = gatedProcessor();
    const queue = new InProcessInboundQueue(processor, new MemoryDedupeStore(3600, 1000), 2);
    await queue.enqueue([textEvent('wamid.1', '111')]);
    await expect(queue.enqueue([textEvent('wamid.2', '222'), textEvent('wamid.3', '333')])).rejects.toBeInstanceOf(InboundQueueUnavailableError);
    release();
    await queue.onApplicationShutdown();
    expect(seen).toEqual(['wamid.1']);
  });
});
