/**
 * What the bot remembers about one user between messages: the active flow, its step and its own state.
 * Plain JSON only, so every store (memory, Redis) can keep it.
 */
export interface ConversationState {
  /** The flow the user is in, or undefined at the main menu. */
  readonly flowId?: string;
  /** The step of that flow that handles the user's next message. */
  readonly step?: string;
  /** Answers the current step has had without moving on (a refused form answer, say); absent when none. */
  readonly attempts?: number;
  /**
   * Raised by every write of the dispatcher (absent before the first). A step timer carries the version it was
   * scheduled at and acts only if the state still has it, so a reminder can never fire after a newer message.
   */
  readonly version?: number;
  /** Per-flow data, keyed by flow id: flows never see each other's. */
  readonly data: Readonly<Record<string, JsonObject>>;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue | undefined };
