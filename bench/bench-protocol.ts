/**
 * What the bench's processes agree on: message ids that carry their own bookkeeping, the users' wa_ids, and
 * the events the Graph sink records. Shared by the orchestrator, the baseline and the sink.
 */

/** The sending number in every webhook and in every Graph path. */
export const BENCH_PHONE_ID = '106540352242922';

/** Who sent a message, its place in that user's sequence, and when it left the load generator. */
export interface BenchMessage {
  readonly target: string;
  readonly round: number;
  readonly user: number;
  readonly seq: number;
  /** Epoch ms when the request was built, immediately before it was written to the socket. */
  readonly sentAtMs: number;
}

const ID_PREFIX = 'wamid.BENCH.';

/**
 * The message id names its round, user, place in the user's sequence and send time, so a reply can be matched
 * (through the read receipt, which repeats the id, or the baseline's echo) and logs stay readable.
 */
export function encodeMessageId(message: BenchMessage): string {
  return `${ID_PREFIX}${message.target}.${message.round}.${message.user}.${message.seq}.${message.sentAtMs}`;
}

/**
 * The wa_ids of one target: its own range (`1555<target index><user>`), so that replies still trickling in from
 * another target's backlog are told apart instead of being matched to this target's messages.
 */
export function waIdPrefixOf(targetIndex: number): string {
  return `1555${targetIndex}`;
}

export function waIdOf(targetIndex: number, user: number): string {
  return `${waIdPrefixOf(targetIndex)}${String(user).padStart(6, '0')}`;
}

/**
 * One request the Graph sink received, in arrival order: `[0, atMs, '', messageId]` for a read receipt,
 * `[1, atMs, to, detail]` for a message: the id it quotes (`context.message_id`, as the peer's replies do), else
 * the text of a text message, else '' (interactive ones).
 */
export type SinkEvent = readonly [kind: 0 | 1, atMs: number, to: string, detail: string];

/** Control paths of the sink, outside Graph's `/{version}/{phone}/messages`. */
export const SINK_COUNT_PATH = '/__bench/count';
export const SINK_DRAIN_PATH = '/__bench/drain';

export interface SinkCount {
  readonly messages: number;
  readonly receipts: number;
  /** Connections opened since the last drain. */
  readonly connections: number;
}

/** Printed by the baseline and the sink once they listen, as one JSON line on stdout. */
export interface ListeningLine {
  readonly listening: number;
}
