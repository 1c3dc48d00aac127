import type { JsonObject } from '../../state/conversation-state.js';
import type { InboundMessageType } from '../../whatsapp/inbound-message.js';
import type { FlowContext } from './flow-context.js';
import type { Catalogs } from './texts.js';

/** Handles one message at a step. The user stays on the step unless it calls `goTo`, `enter` or `leave`. */
export type StepHandler<Step extends string, State extends object, Texts extends Catalogs> = (
  ctx: FlowContext<Step, State, Texts>,
) => Promise<void> | void;

/**
 * A step that asks its own question: `ask` runs as soon as a step moves the user here (`ctx.goTo`), and
 * `answer` handles the reply. `accepts` lists message types it reads besides text and taps (e.g. `['image']`);
 * any other type is answered by the core with "please type your answer", and the step stays.
 */
export interface PromptStep<Step extends string, State extends object, Texts extends Catalogs> {
  readonly accepts?: readonly InboundMessageType[];
  readonly ask?: StepHandler<Step, State, Texts>;
  readonly answer: StepHandler<Step, State, Texts>;
}

/** A step: a handler for the user's next message, or a `PromptStep` that asks first. */
export type FlowStep<Step extends string, State extends object, Texts extends Catalogs> =
  StepHandler<Step, State, Texts> | PromptStep<Step, State, Texts>;

/** The step names `goTo` accepts: every step but `start`, which only runs when the user enters the flow. */
export type MoveTarget<K extends string> = Exclude<K, 'start'>;

/** Steps named `K` whose `ctx.goTo` takes the names `Moves`. */
export type StepMap<K extends string, Moves extends string, State extends object, Texts extends Catalogs> = {
  readonly [P in K]: P extends 'start' ? StepHandler<Moves, State, Texts> : FlowStep<Moves, State, Texts>;
};

/**
 * A flow's steps, keyed by name. `start` runs when the user enters the flow, with the message that entered it;
 * every other step handles the user's next message once a step moved there with `ctx.goTo(name)`.
 */
export type FlowSteps<K extends string, State extends object, Texts extends Catalogs> = StepMap<
  K,
  MoveTarget<K>,
  State,
  Texts
>;

/** The steps as the dispatcher holds them, whatever the flow's own types. */
export type RuntimeSteps = { readonly start: StepHandler<string, JsonObject, Catalogs> } & {
  readonly [name: string]: FlowStep<string, JsonObject, Catalogs> | undefined;
};

/** The handler that takes the user's message at `step`. */
export function answerOf(step: FlowStep<string, JsonObject, Catalogs>): StepHandler<string, JsonObject, Catalogs> {
  return typeof step === 'function' ? step : step.answer;
}
