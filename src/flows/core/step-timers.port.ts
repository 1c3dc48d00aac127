import type { UserRef } from '../../common/user-ref.js';
import type { TimeoutEvent } from './step-timeout.js';

/**
 * A timeout event due for one user at one step. `version` is the conversation state's version when it was
 * scheduled: the timer counts only if the state still has it when it fires, so a stale timer never acts.
 */
export interface StepTimer {
  readonly user: UserRef;
  readonly version: number;
  readonly flowId: string;
  readonly step: string;
  readonly event: TimeoutEvent;
}

/** What a due timer is handed to (the core's `StepTimeouts.fire`). */
export type FireStepTimer = (timer: StepTimer) => Promise<void>;

/**
 * Where step timers wait until they are due: a timer in this process (the default, lost on restart), or a delayed
 * BullMQ job with REDIS_URL (durable, fired once by one of the workers under the user's lock). The core schedules
 * after each message and cancels before the next; firing always re-checks the state, so adapters may deliver a
 * cancelled timer late without harm.
 */
export abstract class StepTimers {
  /** Starts handing due timers to `fire` (at boot, in the processes that run flows). */
  abstract start(fire: FireStepTimer): void;
  abstract schedule(timer: StepTimer, delayMs: number): Promise<void>;
  /** Drops a pending timer; one already firing finishes (and finds itself stale). */
  abstract cancel(timer: StepTimer): Promise<void>;
  /** Stops firing and lets go of resources; bounded, for shutdown. */
  abstract stop(): Promise<void>;
}

/**
 * A timer's identity, the same wherever it is computed: derived, never the raw user ref (BullMQ job ids must not
 * contain ':', look like integers, nor collide with its own keys such as `wait`), one per user, version and event.
 */
export function stepTimerId({ user, version, event }: StepTimer): string {
  const what = event.kind === 'remind' ? `r${event.number}` : 'x';
  return `t.${Buffer.from(user).toString('base64url')}.${version}.${what}`;
}
