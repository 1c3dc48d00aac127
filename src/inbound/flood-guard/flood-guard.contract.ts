import type { FloodGuard } from './flood-guard.port.js';

/** A small limit keeps the cases readable. */
export const CONTRACT_LIMIT = 3;

const T0 = 1_700_000_000_000;

/** A clock the test moves by hand. */
export interface ManualClock {
  nowMs: number;
}

/** Builds a guard with `limitPerMinute` that reads `now` (a fresh budget for every test). */
export type MakeFloodGuard = (limitPerMinute: number, now: () => number) => FloodGuard | Promise<FloodGuard>;

/**
 * The behaviour every `FloodGuard` shares, run against the memory adapter and against the Redis adapter on the real
 * local Redis. The clock is injected, so windows are moved by hand, never waited for.
 */
export function describeFloodGuardContract(name: string, make: MakeFloodGuard): void {
  describe(`${name} (FloodGuard contract)`, () => {
    let clock: ManualClock;
    let guard: FloodGuard;
    let sequence = 0;
    const ada = '15550000001';
    const send = (waId = ada) => guard.check(waId, `wamid.contract${++sequence}`);

    beforeEach(async () => {
      clock = { nowMs: T0 };
      guard = await make(CONTRACT_LIMIT, () => clock.nowMs);
    });

    it('lets the limit through, then drops, telling the user once', async () => {
      const verdicts = [];
      for (let i = 0; i < 6; i++) verdicts.push(await send());
      expect(verdicts).toEqual(['pass', 'pass', 'pass', 'drop-and-notify', 'drop', 'drop']);
    });

    it('keeps one budget per user', async () => {
      for (let i = 0; i < 4; i++) await send();
      expect(await send('15550000002')).toBe('pass');
    });

    it('counts a window as any 60 s: a message passes again once the oldest is a minute old', async () => {
      await send();
      clock.nowMs += 30_000;
      await send();
      await send();
      expect(await send()).toBe('drop-and-notify');
      clock.nowMs += 29_999;
      expect(await send()).toBe('drop');
      clock.nowMs += 1; // the first message is now 60 s old
      expect(await send()).toBe('pass');
      expect(await send()).toBe('drop');
    });

    it('does not count dropped messages: a user who keeps sending still gets the limit through each minute', async () => {
      for (let i = 0; i < 3; i++) await send();
      for (let second = 1; second < 60; second++) {
        clock.nowMs += 1000;
        expect(await send()).not.toBe('pass');
      }
      clock.nowMs += 1000; // the first three are a minute old; the notice of second 1 is 59 s old
      expect([await send(), await send(), await send(), await send()]).toEqual(['pass', 'pass', 'pass', 'drop']);
    });

    it('tells the user again once the notice is a minute old, not sooner', async () => {
      for (let i = 0; i < 3; i++) await send();
      clock.nowMs += 50_000;
      expect(await send()).toBe('drop-and-notify');
      clock.nowMs += 10_000; // the first three are a minute old: a fresh window, but the notice is only 10 s old
      expect([await send(), await send(), await send()]).toEqual(['pass', 'pass', 'pass']);
      expect(await send()).toBe('drop');
      clock.nowMs += 49_999;
      expect(await send()).toBe('drop');
      clock.nowMs += 1;
      expect(await send()).toBe('drop-and-notify');
    });

    it('passes a retried message again without counting it twice', async () => {
      expect(await guard.check(ada, 'wamid.retried')).toBe('pass');
      expect(await guard.check(ada, 'wamid.retried')).toBe('pass');
      expect(await send()).toBe('pass');
      expect(await send()).toBe('pass');
      expect(await guard.check(ada, 'wamid.retried')).toBe('pass');
      expect(await send()).toBe('drop-and-notify');
    });

    it('counts a message retried a minute after its first attempt as a new one', async () => {
      expect(await guard.check(ada, 'wamid.retried')).toBe('pass');
      clock.nowMs += 30_000;
      expect(await send()).toBe('pass');
      clock.nowMs += 30_000; // the first attempt is a minute old: it no longer counts
      expect(await guard.check(ada, 'wamid.retried')).toBe('pass');
      expect(await send()).toBe('pass');
      expect(await send()).toBe('drop-and-notify');
    });
  });
}
