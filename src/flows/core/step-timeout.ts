import type { Catalogs, PlainTextKey } from './texts.js';

/** A length of time, e.g. `{ minutes: 10 }` or `{ hours: 1, minutes: 30 }`: the parts add up. */
export interface Duration {
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
}

/** A reminder after `remindAfter` of silence, sent at most `maxReminders` times (default 1), `remindAfter` apart. */
type Reminder<Texts extends Catalogs> =
  | { readonly remindAfter: Duration; readonly reminder: PlainTextKey<Texts>; readonly maxReminders?: number }
  | { readonly remindAfter?: undefined; readonly reminder?: undefined; readonly maxReminders?: undefined };

/** After `expireAfter` of silence the flow ends with the `expiry` text; the next message starts at the menu. */
type Expiry<Texts extends Catalogs> =
  | { readonly expireAfter: Duration; readonly expiry: PlainTextKey<Texts> }
  | { readonly expireAfter?: undefined; readonly expiry?: undefined };

/**
 * What happens when the user goes silent at a step: static metadata beside `steps`, never a timer in a handler.
 * The silence is counted from the user's last message; any message starts it again.
 */
export type StepTimeout<Texts extends Catalogs = Catalogs> = Reminder<Texts> & Expiry<Texts>;

/** A flow's step timeouts, keyed by step name (steps without one wait for the user for as long as the session lives). */
export type FlowTimeouts<Step extends string = string, Texts extends Catalogs = Catalogs> = {
  readonly [P in Step]?: StepTimeout<Texts>;
};

/** One thing that may happen after silence: the `number`th reminder, or the expiry. */
export type TimeoutEvent = { readonly kind: 'remind'; readonly number: number } | { readonly kind: 'expire' };

/** A timeout event and how long after the user's last message it is due. */
export interface DueEvent {
  readonly event: TimeoutEvent;
  readonly afterMs: number;
}

export function durationMs({ hours = 0, minutes = 0, seconds = 0 }: Duration): number {
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
}

/**
 * The events one silence may bring, in order: reminders `remindAfter` apart (at most `maxReminders`), then the
 * expiry. A reminder due at or after the expiry is left out: the user would read it next to the goodbye.
 */
export function timeoutSchedule(timeout: StepTimeout): DueEvent[] {
  const expireMs = timeout.expireAfter !== undefined ? durationMs(timeout.expireAfter) : Infinity;
  const events: DueEvent[] = [];
  if (timeout.remindAfter !== undefined) {
    const remindMs = durationMs(timeout.remindAfter);
    for (let number = 1; number <= (timeout.maxReminders ?? 1) && number * remindMs < expireMs; number++) {
      events.push({ event: { kind: 'remind', number }, afterMs: number * remindMs });
    }
  }
  if (expireMs !== Infinity) events.push({ event: { kind: 'expire' }, afterMs: expireMs });
  return events;
}
