import type { ConversationState, JsonObject } from '../../state/conversation-state.js';

/**
 * The mutable working copy of one user's conversation state while one message is handled.
 * The dispatcher saves it only after the handler returned normally.
 */
export class ConversationRun {
  flowId: string | undefined;
  step: string | undefined;
  private data: Record<string, JsonObject>;

  constructor(stored: ConversationState | undefined) {
    this.flowId = stored?.flowId;
    this.step = stored?.step;
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
    this.data[flowId] = {};
  }

  /** Back to no flow, with the session cleared. */
  reset(): void {
    this.flowId = undefined;
    this.step = undefined;
    this.data = {};
  }

  get isEmpty(): boolean {
    return this.flowId === undefined && Object.keys(this.data).length === 0;
  }

  toState(): ConversationState {
    return { flowId: this.flowId, step: this.step, data: this.data };
  }
}
