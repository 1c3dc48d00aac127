import type { ConversationState, JsonObject } from '../../state/conversation-state.js';

/**
 * The mutable working copy of one user's conversation state while one message is handled.
 * The dispatcher saves it only after the handler returned normally.
 */
export class ConversationRun {
  flowId: string | undefined;
  step: string | undefined;
  /** Answers the current step has had without moving on. */
  attempts: number;
  /** Set by `moveTo`, cleared by the dispatcher once the new step has asked its question. */
  moved = false;
  /** The stored state's version; the state this run saves has the next one. */
  readonly version: number;
  private data: Record<string, JsonObject>;

  constructor(stored: ConversationState | undefined) {
    this.flowId = stored?.flowId;
    this.step = stored?.step;
    this.attempts = stored?.attempts ?? 0;
    this.version = stored?.version ?? 0;
    this.data = structuredClone({ ...(stored?.data ?? {}) });
  }

  /** This flow's own state object; flows never see each other's. */
  dataFor(flowId: string): JsonObject {
    return (this.data[flowId] ??= {});
  }

  /** Puts the user in `flowId` with a fresh state and no step yet. */
  enter(flowId: string): void {
    this.flowId = flowId;
    this.step = undefined;
    this.attempts = 0;
    this.data[flowId] = {};
  }

  /** The user's next message goes to `step`, which starts counting its answers afresh. */
  moveTo(step: string): void {
    this.step = step;
    this.attempts = 0;
    this.moved = true;
  }

  /** Back to no flow, with the session cleared. */
  reset(): void {
    this.flowId = undefined;
    this.step = undefined;
    this.attempts = 0;
    this.moved = false;
    this.data = {};
  }

  get isEmpty(): boolean {
    return this.flowId === undefined && Object.keys(this.data).length === 0;
  }

  toState(): ConversationState {
    const state = { flowId: this.flowId, step: this.step, data: this.data, version: this.version + 1 };
    // Absent rather than 0, so a state without refused answers reads exactly as before attempts existed.
    return this.attempts > 0 ? { ...state, attempts: this.attempts } : state;
  }
}
