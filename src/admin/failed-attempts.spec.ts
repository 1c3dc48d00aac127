import { ADMIN_FAILED_ATTEMPTS, FailedAttempts } from './failed-attempts.js';

/** A clock the test moves by hand. */
function manualClock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('FailedAttempts', () => {
  const options = { maxFailures: 10, windowMs: 60_000, blockMs: 60_000, maxAddresses: 100 };

  it('uses 10 failures a minute, then a minute of refusal, for the admin API', () => {
    expect(ADMIN_FAILED_ATTEMPTS).toMatchObject({ maxFailures: 10, windowMs: 60_000, blockMs: 60_000 });
  });

  it('blocks an address at its 10th failure within a minute, for a minute', () => {
    const clock = manualClock();
    const attempts = new FailedAttempts(options, clock.now);
    for (let i = 1; i <= 9; i++) {
      expect(attempts.recordFailure('203.0.113.7')).toBe(false);
      expect(attempts.blockedFor('203.0.113.7')).toBe(0);
      clock.advance(1000);
    }
    expect(attempts.recordFailure('203.0.113.7')).toBe(true);
    expect(attempts.blockedFor('203.0.113.7')).toBe(60_000);
    clock.advance(59_999);
    expect(attempts.blockedFor('203.0.113.7')).toBe(1);
    clock.advance(1);
    expect(attempts.blockedFor('203.0.113.7')).toBe(0);
    // A clean start after the block: one more failure does not block again.
    expect(attempts.recordFailure('203.0.113.7')).toBe(false);
    expect(attempts.blockedFor('203.0.113.7')).toBe(0);
  });

  it('forgets failures older than the window, so 10 failures spread over more than a minute never block', () => {
    const clock = manualClock();
    const attempts = new FailedAttempts(options, clock.now);
    for (let i = 0; i < 30; i++) {
      expect(attempts.recordFailure('203.0.113.7')).toBe(false);
      clock.advance(6700); // 10 failures then span 60.3 s
    }
    expect(attempts.blockedFor('203.0.113.7')).toBe(0);
  });

  it('counts each address on its own', () => {
    const attempts = new FailedAttempts(options, manualClock().now);
    for (let i = 0; i < 10; i++) attempts.recordFailure('203.0.113.7');
    expect(attempts.blockedFor('203.0.113.7')).toBeGreaterThan(0);
    expect(attempts.blockedFor('198.51.100.1')).toBe(0);
    expect(attempts.recordFailure('198.51.100.1')).toBe(false);
  });

  it('remembers at most maxAddresses, forgetting the least recently failing first', () => {
    const attempts = new FailedAttempts({ ...options, maxAddresses: 3 }, manualClock().now);
    for (let i = 0; i < 9; i++) attempts.recordFailure('a');
    attempts.recordFailure('b');
    attempts.recordFailure('c');
    attempts.recordFailure('a');
    expect(attempts.blockedFor('a')).toBeGreaterThan(0);
    attempts.recordFailure('d');
    expect(attempts.size).toBe(3);
    // 'b' was the least recently failing, so it went; 'a' kept its block.
    for (let i = 0; i < 9; i++) expect(attempts.recordFailure('b')).toBe(false);
    expect(attempts.blockedFor('a')).toBeGreaterThan(0);
    for (let i = 0; i < 1000; i++) attempts.recordFailure(`flood-${i}`);
    expect(attempts.size).toBe(3);
  });
});
