import { jest } from '@jest/globals';
import { InProcessStepTimers } from './in-process-step-timers.adapter.js';
import type { StepTimer } from './step-timers.port.js';

const timer = (version: number, user = '15550001111'): StepTimer => ({
  user,
  version,
  flowId: 'register',
  step: 'name',
  event: { kind: 'remind', number: 1 },
});

describe('InProcessStepTimers', () => {
  let fired: StepTimer[];
  let timers: InProcessStepTimers;
  beforeEach(() => {
    jest.useFakeTimers();
    fired = [];
    timers = new InProcessStepTimers(2);
    timers.start(async (due) => {
      fired.push(due);
    });
  });
  afterEach(async () => {
    await timers.stop();
    jest.useRealTimers();
  });

  it('fires a timer once, when it is due', async () => {
    await timers.schedule(timer(1), 1000);
    await jest.advanceTimersByTimeAsync(999);
    expect(fired).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([timer(1)]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fired).toHaveLength(1);
    expect(timers.size).toBe(0);
  });

  it('never fires a cancelled timer, and scheduling the same timer again moves it', async () => {
    await timers.schedule(timer(1), 1000);
    await timers.cancel(timer(1));
    await timers.schedule(timer(2), 1000);
    await timers.schedule(timer(2), 5000);
    await jest.advanceTimersByTimeAsync(4999);
    expect(fired).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(fired).toEqual([timer(2)]);
  });

  it('keeps at most its bound of timers, dropping new ones', async () => {
    await timers.schedule(timer(1, 'a'), 1000);
    await timers.schedule(timer(1, 'b'), 1000);
    await timers.schedule(timer(1, 'c'), 1000);
    expect(timers.size).toBe(2);
    await jest.advanceTimersByTimeAsync(1000);
    expect(fired.map((due) => due.user)).toEqual(['a', 'b']);
  });

  it('clears every timer at stop', async () => {
    await timers.schedule(timer(1), 1000);
    await timers.stop();
    await jest.advanceTimersByTimeAsync(1000);
    expect(fired).toEqual([]);
  });
});
