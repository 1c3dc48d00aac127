import type { JsonObject } from '../../state/conversation-state.js';
import type { FlowContext } from './flow-context.js';

/** Handles one step of a flow. The step stays where it is unless the handler calls `goTo`, `enter` or `leave`. */
export type FlowStep<Step extends string, State extends object> = (ctx: FlowContext<Step, State>) => Promise<void>;

export type FlowSteps<Step extends string, State extends object> = { readonly [S in Step]: FlowStep<Step, State> };

/**
 * A conversation flow: an `@Injectable()` class marked with `@Flow({ id })`.
 *
 * `start` runs when the user enters the flow; each later message goes to the step chosen with
 * `ctx.goTo(step)`. A flow that chooses no step after `start` has ended. State (`ctx.state`) is saved only
 * when the handler returns normally: if it throws, the user gets an apology and the state stays as it was.
 */
export interface ConversationFlow<Step extends string = string, State extends object = JsonObject> {
  start(ctx: FlowContext<Step, State>): Promise<void>;
  readonly steps: FlowSteps<Step, State>;
}
