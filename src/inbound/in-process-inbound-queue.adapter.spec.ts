import { deferred } from '../testing/deferred.js';
import { waitFor } from '../testing/wait-for.js';
import { MemoryDedupeStore } from '../state/memory/memory-dedupe-store.adapter.js';
import type { InboundEvent } from '../whatsapp/inbound-message.js';
import { InProcessInboundQueue } from './in-process-inbound-queue.adapter.js';
import { InboundQueueUnavailableError } from './inbound-queue.port.js';
import type { InboundProcessor } from './inbound.processor.js';

function textEvent(id: string, from: string): InboundEvent {
  return {
    kind: 'message',
    message: { id, from, timestamp: 1_700_000_000, phoneNumberId: '1', type: 'text', text: 'hi' },
  };
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
    // Meta redelivers until there is room; the refused message was never taken for a duplicate.
    const redelivered = () =>
      queue.enqueue([textEvent('wamid.3', '333')]).then(
        () => true,
        () => false,
      );
    await waitFor(redelivered, { description: 'room for the redelivery' });
    await queue.beforeApplicationShutdown();
    expect(seen).toEqual(['wamid.1', 'wamid.2', 'wamid.3']);
  });

  it('paces intake past 256 pending messages: the 200 waits until processing catches up', async () => {
    const { processor, release } = gatedProcessor();
    const queue = new InProcessInboundQueue(processor, new MemoryDedupeStore(3600, 1000), 10_000);
    // 256 users' messages wait in processing; each enqueue so far resolved at once.
    for (let i = 0; i < 256; i++) await queue.enqueue([textEvent(`wamid.${i}`, `1555000${i}`)]);
    let acknowledged = false;
    const next = queue.enqueue([textEvent('wamid.257', '15559999999')]).then(() => (acknowledged = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acknowledged).toBe(false);
    release();
    await next;
    expect(acknowledged).toBe(true);
  });

  it('refuses a batch whole when only part of it would fit', async () => {
    const { processor, seen, release } = gatedProcessor();
    const queue = new InProcessInboundQueue(processor, new MemoryDedupeStore(3600, 1000), 2);
    await queue.enqueue([textEvent('wamid.1', '111')]);
    await expect(queue.enqueue([textEvent('wamid.2', '222'), textEvent('wamid.3', '333')])).rejects.toBeInstanceOf(
      InboundQueueUnavailableError,
    );
    release();
    await queue.beforeApplicationShutdown();
    expect(seen).toEqual(['wamid.1']);
  });
});

describe('InProcessInboundQueue shutdown', () => {
  /** Captures what the queue's Nest logger writes at warn. */
  function captureWarnings(queue: InProcessInboundQueue): unknown[][] {
    const warnings: unknown[][] = [];
    (queue as unknown as { logger: { warn: (...args: unknown[]) => void } }).logger.warn = (...args) =>
      void warnings.push(args);
    return warnings;
  }

  it('waits up to the grace, then logs each acknowledged message still unprocessed with its id and masked wa_id', async () => {
    const { processor, seen, release } = gatedProcessor();
    const queue = new InProcessInboundQueue(processor, new MemoryDedupeStore(3600, 1000), 100, 50);
    const warnings = captureWarnings(queue);
    // 15551230001's first message is running (held by the gate); its second and another user's wait behind it.
    await queue.enqueue([
      textEvent('wamid.A1', '15551230001'),
      textEvent('wamid.A2', '15551230001'),
      textEvent('wamid.B1', '15551230002'),
    ]);

    await queue.beforeApplicationShutdown();

    expect(seen).toEqual(['wamid.A1', 'wamid.B1']);
    expect(warnings.map(([fields]) => fields)).toEqual([
      { messageId: 'wamid.A1', waId: '*******0001' },
      { messageId: 'wamid.A2', waId: '*******0001' },
      { messageId: 'wamid.B1', waId: '*******0002' },
    ]);
    expect(JSON.stringify(warnings)).not.toContain('15551230001');
    release();
  });

  it('logs nothing when everything finishes within the grace', async () => {
    const { processor, release } = gatedProcessor();
    const queue = new InProcessInboundQueue(processor, new MemoryDedupeStore(3600, 1000), 100, 5000);
    const warnings = captureWarnings(queue);
    await queue.enqueue([textEvent('wamid.C1', '15551230003')]);
    release();
    await queue.beforeApplicationShutdown();
    expect(warnings).toEqual([]);
  });
});

describe('InProcessInboundQueue while shutting down', () => {
  it('refuses new webhooks with 503 once the drain has begun, so Meta delivers them to another instance', async () => {
    const { processor, release } = gatedProcessor();
    const queue = new InProcessInboundQueue(processor, new MemoryDedupeStore(3600, 1000), 100, 5000);
    await queue.enqueue([textEvent('wamid.D1', '15551230004')]);
    const draining = queue.beforeApplicationShutdown();
    await expect(queue.enqueue([textEvent('wamid.D2', '15551230004')])).rejects.toBeInstanceOf(
      InboundQueueUnavailableError,
    );
    release();
    await draining;
  });
});
