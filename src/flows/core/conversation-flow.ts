import type { FlowStep, MoveTarget, StepHandler, StepMap } from './flow-step.js';
import { formSteps, type FormFields, type FormOptions, type FormSteps } from './form.js';
import type { FlowTimeouts } from './step-timeout.js';
import type { Catalogs, NoTexts } from './texts.js';

/** The state of a flow that keeps none. */
export type EmptyState = Record<string, never>;

/**
 * A conversation flow: a class marked with `@Flow({ id })` that names its texts and its steps.
 *
 * ```ts
 * @Flow({ id: 'claim', title: 'Claim' })
 * export class ClaimFlow extends ConversationFlow<ClaimState, typeof CLAIM_TEXTS> {
 *   readonly texts = CLAIM_TEXTS;
 *   readonly steps = this.define(
 *     {
 *       start: (ctx) => ctx.goTo('name'),
 *       photo: { accepts: ['image'], ask: (ctx) => ..., answer: async (ctx) => ... },
 *     },
 *     this.form({ name: { prompt: 'askName' } }, { next: 'photo' }),
 *   );
 * }
 * ```
 * `start` runs when the user enters the flow; each later message goes to the step chosen with `ctx.goTo(step)`,
 * and step names are inferred from `steps`, so a wrong name fails `tsc`. A flow that chooses no step after
 * `start` has ended. State (`ctx.state`) is saved only when the handler returns normally: if it throws, the
 * user gets an apology and the state stays as it was.
 *
 * The definition is a plain object shape (`texts`, `steps`, `enabled`), read by the registry at boot: later
 * capabilities add optional members beside `steps` without changing existing flows.
 */
export abstract class ConversationFlow<State extends object = EmptyState, Texts extends Catalogs = NoTexts> {
  /**
   * The flow's texts in every language (`defineTexts`); `ctx.t(key)` reads them in the user's language.
   * A flow without texts says `readonly texts = NO_TEXTS`.
   */
  abstract readonly texts: Texts;

  /** The steps; build them with `this.define({...})` so that their names are inferred. */
  abstract readonly steps: { readonly start: StepHandler<string, State, Texts> };

  /**
   * What happens when the user goes silent at a step, keyed by step name: a reminder after `remindAfter`, the end
   * of the flow after `expireAfter`. Static, like `steps`: the core schedules it after each message and cancels it
   * at the next one (or when the user leaves the flow), so a handler never starts a timer of its own.
   *
   * ```ts
   * override readonly timeouts: FlowTimeouts<'name', typeof CLAIM_TEXTS> = {
   *   name: { remindAfter: { minutes: 10 }, reminder: 'stillThere', expireAfter: { hours: 1 }, expiry: 'expired' },
   * };
   * ```
   */
  readonly timeouts?: FlowTimeouts<string, Texts>;

  /** Whether the main menu offers the flow; read once at boot (e.g. false while a service it needs is off). */
  get enabled(): boolean {
    return true;
  }

  /**
   * Types the steps: each step's `ctx` knows the state, the texts and every step name `goTo` may take, which
   * are the keys of `steps` and of `form` (a `this.form(...)`), inferred. `start` is required.
   */
  protected define<K extends string, F extends string = never>(
    steps: StepMap<K, MoveTarget<NoInfer<K | F>>, State, Texts> & { readonly start: unknown },
    form?: { readonly [P in F]: FlowStep<MoveTarget<NoInfer<K | F>>, State, Texts> },
  ): StepMap<K | F, MoveTarget<K | F>, State, Texts> {
    return { ...form, ...steps } as StepMap<K | F, MoveTarget<K | F>, State, Texts>;
  }

  /**
   * A form, to pass to `define` after the steps. For each field in order: ask its prompt, validate the answer,
   * re-ask until it is valid (giving up after `maxAttempts` refused answers, if set), store it in
   * `ctx.state[field]`, go on. After the last field the user moves to `options.next`. Each field is a step named
   * after it, so `ctx.goTo('email')` asks the email again.
   */
  protected form<F extends keyof State & string, Next extends string>(
    fields: FormFields<F, State, Texts>,
    options: FormOptions<Next, State, Texts>,
  ): FormSteps<F, Next, State, Texts> {
    return formSteps<F, Next, State, Texts>(fields, options);
  }
}
