import { jest } from '@jest/globals';
import { GraphApiError, GraphNetworkError } from '../graph-api.error.js';
import { withRetry, type RetryEvent } from './with-retry.js';

/** An attempt function that fails with `failures` in order, then resolves 'ok'; it records when it ran. */
function scripted(failures: unknown[]) {
  const calls: number[] = [];
  const attempt = async (n: number) => {
    calls.push(Date.now());
    const failure = failures[n - 1];
    if (failure !== undefined) throw failure;
    return 'ok';
  };
  return { attempt, calls };
}

const policy = { maxAttempts: 3, baseDelayMs: 1000, random: () => 0 };

describe('withRetry', () => {
  let events: RetryEvent[];
  const log = (event: RetryEvent) => events.push(event);

  beforeEach(() => {
    events = [];
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('retries a transient failure after the backoff and logs attempt, delay and graph code', async () => {
    const { attempt, calls } = scripted([new GraphApiError({ status: 400, graphCode: 130429 })]);
    const result = withRetry(attempt, policy, log);

    await jest.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 500]);
    expect(events).toEqual([
      { attempt: 1, maxAttempts: 3, willRetry: true, delayMs: 500, status: 400, graphCode: 130429 },
    ]);
  });

  it('makes exactly one attempt on a permanent 4xx and logs its graph code', async () => {
    const error = new GraphApiError({ status: 400, graphCode: 131026 });
    const { attempt, calls } = scripted([error]);
    await expect(withRetry(attempt, policy, log)).rejects.toBe(error);
    expect(calls).toHaveLength(1);
    expect(events).toEqual([{ attempt: 1, maxAttempts: 3, willRetry: false, status: 400, graphCode: 131026 }]);
  });

  it('stops after maxAttempts and rethrows the last error', async () => {
    const last = new GraphNetworkError('ECONNRESET');
    const { attempt, calls } = scripted([new GraphApiError({ status: 500 }), new GraphApiError({ status: 503 }), last]);
    const result = withRetry(attempt, policy, log);
    const settled = expect(result).rejects.toBe(last);
    await jest.advanceTimersByTimeAsync(500 + 1000);
    await settled;
    expect(calls).toEqual([0, 500, 1500]);
    expect(events.map((e) => [e.attempt, e.willRetry, e.delayMs])).toEqual([
      [1, true, 500],
      [2, true, 1000],
      [3, false, undefined],
    ]);
    expect(events[2]?.reason).toBe('ECONNRESET');
  });

  it('waits at least Retry-After', async () => {
    const { attempt, calls } = scripted([new GraphApiError({ status: 429, retryAfterSeconds: 2 })]);
    const result = withRetry(attempt, policy, log);
    await jest.advanceTimersByTimeAsync(1999);
    expect(calls).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    await expect(result).resolves.toBe('ok');
    expect(calls).toEqual([0, 2000]);
    expect(events[0]).toMatchObject({ delayMs: 2000, retryAfterSeconds: 2 });
  });

  it('gives up at once when Retry-After exceeds the longest acceptable wait', async () => {
    const error = new GraphApiError({ status: 429, retryAfterSeconds: 3600 });
    const { attempt, calls } = scripted([error]);
    await expect(withRetry(attempt, { ...policy, maxDelayMs: 15_000 }, log)).rejects.toBe(error);
    expect(calls).toHaveLength(1);
    expect(events).toEqual([{ attempt: 1, maxAttempts: 3, willRetry: false, status: 429, retryAfterSeconds: 3600 }]);
  });

  it('does not retry errors that are not Graph failures', async () => {
    const bug = new TypeError('oops');
    const { attempt, calls } = scripted([bug]);
    await expect(withRetry(attempt, policy, log)).rejects.toBe(bug);
    expect(calls).toHaveLength(1);
    expect(events[0]).toMatchObject({ willRetry: false, reason: 'TypeError' });
  });
});
