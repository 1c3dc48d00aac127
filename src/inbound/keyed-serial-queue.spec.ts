import { KeyedSerialQueue } from './keyed-serial-queue.js';
import { deferred } from '../testing/deferred.js';

/** A promise with its resolver exposed, to decide by hand when a task finishes. */
describe('KeyedSerialQueue', () => {
  it('runs tasks of one key in order, even when the first is slowest', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    const first = deferred();
    void queue.run('a', async () => {
      await first.promise;
      log.push('a1');
    });
    const second = queue.run('a', async () => void log.push('a2'));
    await Promise.resolve();
    expect(log).toEqual([]);
    first.resolve();
    await second;
    expect(log).toEqual(['a1', 'a2']);
  });

  it('does not make other keys wait', async () => {
    const queue = new KeyedSerialQueue();
    const blocker = deferred();
    const log: string[] = [];
    void queue.run('slow', async () => {
      await blocker.promise;
      log.push('slow');
    });
    await queue.run('fast', async () => void log.push('fast'));
    expect(log).toEqual(['fast']);
    blocker.resolve();
    await queue.drain(1000);
    expect(log).toEqual(['fast', 'slow']);
  });

  it('keeps going after a task fails', async () => {
    const queue = new KeyedSerialQueue();
    const log: string[] = [];
    void queue.run('a', async () => {
      throw new Error('boom');
    });
    await queue.run('a', async () => void log.push('after'));
    expect(log).toEqual(['after']);
  });

  it('waits for room: resolves once the tasks left are at most the limit, or at the timeout', async () => {
    const queue = new KeyedSerialQueue();
    const gates = [deferred(), deferred(), deferred()];
    gates.forEach((gate, i) => void queue.run(`k${i}`, () => gate.promise));
    let roomFor2 = false;
    const waiting = queue.waitForRoom(2, 10_000).then(() => (roomFor2 = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(roomFor2).toBe(false);
    gates[0].resolve();
    await waiting;
    expect(queue.size).toBe(2);
    // Already room: at once. No room and nothing finishes: after the timeout, with the tasks still there.
    await queue.waitForRoom(2, 10_000);
    await queue.waitForRoom(0, 20);
    expect(queue.size).toBe(2);
    gates[1].resolve();
    gates[2].resolve();
    expect(await queue.drain(1000)).toBe(true);
  });

  it('drains within the timeout and reports a timeout when tasks hang', async () => {
    const queue = new KeyedSerialQueue();
    const hang = deferred();
    void queue.run('a', () => hang.promise);
    expect(queue.size).toBe(1);
    expect(await queue.drain(20)).toBe(false);
    hang.resolve();
    expect(await queue.drain(1000)).toBe(true);
    expect(queue.size).toBe(0);
  });
});
