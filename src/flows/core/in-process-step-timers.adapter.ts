import { Logger } from '@nestjs/common';
import { type FireStepTimer, type StepTimer, StepTimers, stepTimerId } from './step-timers.port.js';

/** Timers one process keeps at most; beyond it new ones are dropped (logged), so a flood cannot exhaust memory. */
const DEFAULT_MAX_TIMERS = 100_000;

/**
 * Step timers as `setTimeout`s in this process: the default without REDIS_URL. They are lost on restart (the user
 * then simply gets no reminder), unref'd so they never keep the process alive, and cleared at shutdown.
 */
export class InProcessStepTimers extends StepTimers {
  private readonly logger = new Logger(InProcessStepTimers.name);
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private fire: FireStepTimer | undefined;

  constructor(private readonly maxTimers = DEFAULT_MAX_TIMERS) {
    super();
  }

  start(fire: FireStepTimer): void {
    this.fire = fire;
  }

  async schedule(timer: StepTimer, delayMs: number): Promise<void> {
    const id = stepTimerId(timer);
    clearTimeout(this.pending.get(id));
    if (!this.pending.has(id) && this.pending.size >= this.maxTimers) {
      this.logger.warn({ maxTimers: this.maxTimers }, 'too many step timers: this one is dropped');
      return;
    }
    const handle = setTimeout(() => {
      this.pending.delete(id);
      // The core's fire logs its own failures; this catch only keeps a rejection from going unhandled.
      this.fire?.(timer).catch(() => undefined);
    }, delayMs);
    handle.unref();
    this.pending.set(id, handle);
  }

  async cancel(timer: StepTimer): Promise<void> {
    const id = stepTimerId(timer);
    clearTimeout(this.pending.get(id));
    this.pending.delete(id);
  }

  async stop(): Promise<void> {
    this.fire = undefined;
    for (const handle of this.pending.values()) clearTimeout(handle);
    this.pending.clear();
  }

  /** Timers waiting to fire. */
  get size(): number {
    return this.pending.size;
  }
}
