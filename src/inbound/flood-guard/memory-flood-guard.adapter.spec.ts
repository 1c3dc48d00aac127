import { describeFloodGuardContract } from './flood-guard.contract.js';
import { MemoryFloodGuard } from './memory-flood-guard.adapter.js';

describeFloodGuardContract('MemoryFloodGuard', (limit, now) => new MemoryFloodGuard(limit, 1000, now));

describe('MemoryFloodGuard memory bounds', () => {
  it('forgets users unseen for a minute', async () => {
    let nowMs = 0;
    const guard = new MemoryFloodGuard(3, 1000, () => nowMs);
    await guard.check('15550000001', 'wamid.1');
    await guard.check('15550000002', 'wamid.2');
    nowMs = 30_000;
    await guard.check('15550000002', 'wamid.3');
    expect(guard.trackedUsers).toBe(2);

    nowMs = 60_000; // user 1 idle for a minute, user 2 for 30 s
    await guard.check('15550000003', 'wamid.4');
    expect(guard.trackedUsers).toBe(2);
  });

  it('follows at most maxUsers, forgetting the least recently seen first (who then get a fresh budget)', async () => {
    const guard = new MemoryFloodGuard(1, 2, () => 0);
    expect(await guard.check('15550000001', 'wamid.1')).toBe('pass');
    expect(await guard.check('15550000002', 'wamid.2')).toBe('pass');
    expect(await guard.check('15550000001', 'wamid.3')).toBe('drop-and-notify'); // user 1 is now the most recent
    expect(await guard.check('15550000003', 'wamid.4')).toBe('pass'); // evicts user 2
    expect(guard.trackedUsers).toBe(2);
    expect(await guard.check('15550000001', 'wamid.5')).toBe('drop'); // still followed
    expect(await guard.check('15550000002', 'wamid.6')).toBe('pass'); // forgotten: a fresh budget
  });
});
