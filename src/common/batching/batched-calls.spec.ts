import { BatchedCalls } from './batched-calls.js';

/** A batch runner whose round trips the test finishes by hand. */
function manualRunner() {
  const batches: {
    readonly requests: readonly number[];
    finish: (results?: readonly string[]) => void;
    fail: (error: Error) => void;
  }[] = [];
  const run = (requests: readonly number[]) =>
    new Promise<readonly string[]>((resolve, reject) => {
      batches.push({
        requests,
        finish: (results) => resolve(results ?? requests.map((request) => `result ${request}`)),
        fail: reject,
      });
    });
  return { batches, run };
}

describe('BatchedCalls', () => {
  it('sends a lone call at once, in a batch of its own', async () => {
    const { batches, run } = manualRunner();
    const calls = new BatchedCalls(run, 10);
    const result = calls.call(1);
    expect(batches.map((batch) => batch.requests)).toEqual([[1]]);
    batches[0].finish();
    await expect(result).resolves.toBe('result 1');
  });

  it('sends the calls made while a batch is out together, in order, once it is back', async () => {
    const { batches, run } = manualRunner();
    const calls = new BatchedCalls(run, 10);
    const results = [1, 2, 3, 4].map((request) => calls.call(request));
    expect(batches.map((batch) => batch.requests)).toEqual([[1]]);
    batches[0].finish();
    await results[0];
    expect(batches.map((batch) => batch.requests)).toEqual([[1], [2, 3, 4]]);
    batches[1].finish();
    await expect(Promise.all(results)).resolves.toEqual(['result 1', 'result 2', 'result 3', 'result 4']);
  });

  it('splits the waiting calls into batches of at most the maximum size', async () => {
    const { batches, run } = manualRunner();
    const calls = new BatchedCalls(run, 2);
    const results = [1, 2, 3, 4, 5, 6].map((request) => calls.call(request));
    for (let i = 0; i < 4; i++) {
      batches[i].finish();
      await results[Math.min(2 * i, 5)];
    }
    expect(batches.map((batch) => batch.requests)).toEqual([[1], [2, 3], [4, 5], [6]]);
    await expect(Promise.all(results)).resolves.toHaveLength(6);
  });

  it('fails every call of a failed batch, and only those', async () => {
    const { batches, run } = manualRunner();
    const calls = new BatchedCalls(run, 10);
    const first = calls.call(1);
    const second = calls.call(2);
    batches[0].fail(new Error('Connection is closed.'));
    await expect(first).rejects.toThrow('Connection is closed.');
    batches[1].finish();
    await expect(second).resolves.toBe('result 2');
  });

  it('fails a batch answered with the wrong number of results instead of leaving a call unanswered', async () => {
    const { batches, run } = manualRunner();
    const calls = new BatchedCalls(run, 10);
    const result = calls.call(1);
    batches[0].finish([]);
    await expect(result).rejects.toThrow('a batch of 1 calls got 0 results');
  });
});
