import type { NotificationRecord, NotificationStore } from './notification-store.port.js';

/** A store under test (made with a 60 s record TTL), and a way to let time pass. */
export interface NotificationStoreUnderTest {
  readonly store: NotificationStore;
  /** Moves time forward by `seconds` (fake clock, or a real wait for short TTLs). */
  readonly advance: (seconds: number) => Promise<void>;
  readonly cleanup?: () => Promise<void>;
}

export const CONTRACT_NOTIFICATION_TTL_SECONDS = 60;

const record = (id: string, extra: Partial<NotificationRecord> = {}): NotificationRecord => ({
  id,
  to: '15550000001',
  category: 'utility',
  channel: 'text',
  status: 'accepted',
  attempts: [{ channel: 'text', at: '2025-01-01T00:00:00.000Z', messageId: `wamid.${id}` }],
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

/** The behaviour every NotificationStore adapter must show; each adapter's spec runs this suite. */
export function describeNotificationStoreContract(name: string, make: () => Promise<NotificationStoreUnderTest>): void {
  describe(`${name} (NotificationStore contract)`, () => {
    let subject: NotificationStoreUnderTest;

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('reads back a saved record, the last save winning, and undefined for an unknown id', async () => {
      await subject.store.save(record('n1'));
      await subject.store.save(record('n1', { status: 'read', messageId: 'wamid.n1' }));
      expect(await subject.store.read('n1')).toEqual(record('n1', { status: 'read', messageId: 'wamid.n1' }));
      expect(await subject.store.read('unknown')).toBeUndefined();
    });

    it('finds a notification by the wamid it sent', async () => {
      await subject.store.save(record('n2', { messageId: 'wamid.sent-by-n2' }));
      expect(await subject.store.idByMessageId('wamid.sent-by-n2')).toBe('n2');
      expect(await subject.store.idByMessageId('wamid.other')).toBeUndefined();
    });

    it('gives an idempotency key to its first claimer and names that claimer to the next', async () => {
      expect(await subject.store.claimIdempotencyKey('order-42', 'first', 3600)).toBeUndefined();
      expect(await subject.store.claimIdempotencyKey('order-42', 'second', 3600)).toBe('first');
      expect(await subject.store.claimIdempotencyKey('order-43', 'third', 3600)).toBeUndefined();
    });

    it('releases a key only for its claimer', async () => {
      await subject.store.claimIdempotencyKey('refused', 'first', 3600);
      await subject.store.releaseIdempotencyKey('refused', 'someone-else');
      expect(await subject.store.claimIdempotencyKey('refused', 'second', 3600)).toBe('first');
      await subject.store.releaseIdempotencyKey('refused', 'first');
      expect(await subject.store.claimIdempotencyKey('refused', 'third', 3600)).toBeUndefined();
    });

    it('forgets records after their TTL and keys after theirs', async () => {
      await subject.store.save(record('n3', { messageId: 'wamid.n3' }));
      await subject.store.claimIdempotencyKey('short', 'n3', 1);
      await subject.advance(2);
      expect(await subject.store.claimIdempotencyKey('short', 'n4', 1)).toBeUndefined();
      expect(await subject.store.read('n3')).toEqual(record('n3', { messageId: 'wamid.n3' }));
      await subject.advance(CONTRACT_NOTIFICATION_TTL_SECONDS);
      expect(await subject.store.read('n3')).toBeUndefined();
      expect(await subject.store.idByMessageId('wamid.n3')).toBeUndefined();
    });
  });
}
