/**
 * What the bench prints: the table of each target's medians over its rounds (each next to its ratio to the
 * baseline), the fixed-rate latencies and the memory figures. The verdict lines are verdict.ts.
 */

export interface TargetFigures {
  readonly target: string;
  /** Why the target has no figures ('n/a'), when it has none. */
  readonly unavailable?: string;
  readonly rounds: number;
  readonly requestsPerSecond: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  readonly repliesPerSecond: number;
  readonly replyP99Ms: number;
  readonly cpuMsPerMessage: number;
  /** redis-server's CPU per message in the same window, when it could be read (Redis mode only). */
  readonly redisCpuMsPerMessage?: number;
  /** Redis commands per acknowledged message over the measured windows (Redis mode only; INFO commandstats). */
  readonly redisCommandsPerMessage?: number;
  readonly messages: number;
  readonly lost: number;
  readonly unmatched: number;
  readonly orderViolations: number;
}

const COLUMNS = [
  'target',
  'req/s',
  'ack p50 ms',
  'ack p99 ms',
  'replies/s',
  'reply p99 ms',
  'CPU ms/msg',
  'msgs',
  'lost',
  'order',
];

export function format(value: number, digits: number): string {
  if (!Number.isFinite(value)) return '-';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function withRatio(value: number, base: number | undefined, digits: number): string {
  const text = format(value, digits);
  if (base === undefined || !Number.isFinite(base) || base === 0 || !Number.isFinite(value)) return text;
  return `${text} (${(value / base).toFixed(2)}x)`;
}

/** A markdown table (readable in a terminal and pasteable into the README). */
export function renderTable(rows: readonly TargetFigures[]): string {
  const base = rows.find((row) => row.target === 'baseline' && !row.unavailable);
  const lines = rows.map((row) => {
    if (row.unavailable) return [row.target, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', '-', '-', 'n/a'];
    const cpu = withRatio(row.cpuMsPerMessage, base?.cpuMsPerMessage, 3);
    return [
      row.target,
      withRatio(row.requestsPerSecond, base?.requestsPerSecond, 0),
      withRatio(row.ackP50Ms, base?.ackP50Ms, 2),
      withRatio(row.ackP99Ms, base?.ackP99Ms, 2),
      withRatio(row.repliesPerSecond, base?.repliesPerSecond, 0),
      withRatio(row.replyP99Ms, base?.replyP99Ms, 0),
      row.redisCpuMsPerMessage === undefined ? cpu : `${cpu} + redis ${format(row.redisCpuMsPerMessage, 3)}`,
      format(row.messages, 0),
      format(row.lost, 0),
      row.orderViolations === 0 && row.unmatched === 0
        ? 'intact'
        : `${row.orderViolations} out of order, ${row.unmatched} unmatched`,
    ];
  });
  const widths = COLUMNS.map((column, i) => Math.max(column.length, ...lines.map((line) => line[i].length)));
  const render = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  const notes = rows.filter((row) => row.unavailable).map((row) => `${row.target}: n/a, ${row.unavailable}`);
  return [
    render(COLUMNS),
    render(widths.map((width) => '-'.repeat(width))),
    ...lines.map(render),
    ...(notes.length > 0 ? ['', ...notes] : []),
  ].join('\n');
}

/** One target under the open-loop load (fixed-rate-load.ts). */
export interface FixedRateFigures {
  readonly target: string;
  readonly messagesPerSecond: number;
  readonly durationSeconds: number;
  readonly sent: number;
  readonly acked: number;
  /** Sent messages that got no reply (acknowledged or not); they count as infinitely late in the percentiles. */
  readonly unanswered: number;
  readonly replyP50Ms: number;
  readonly replyP99Ms: number;
}

export function formatLatencyMs(value: number): string {
  return value === Number.POSITIVE_INFINITY ? 'never (too many unanswered)' : `${format(value, 0)} ms`;
}

export function renderFixedRate(rows: readonly FixedRateFigures[]): string {
  return rows
    .map(
      (row) =>
        `${row.target.padEnd(15)} ${row.messagesPerSecond}/s for ${row.durationSeconds} s: reply p50 ` +
        `${formatLatencyMs(row.replyP50Ms)}, p99 ${formatLatencyMs(row.replyP99Ms)} ` +
        `(${format(row.sent, 0)} sent, ${format(row.acked, 0)} acknowledged, ${format(row.unanswered, 0)} unanswered)`,
    )
    .join('\n');
}

export type MemoryKind = 'conversations' | 'dedupe';

/** One memory-probe.ts run: the booted app's RSS, then with `count` entries in one store. */
export interface MemoryFigures {
  readonly kind: MemoryKind;
  readonly count: number;
  readonly bootRssMb: number;
  readonly rssMb: number;
  /** The store still held its first entry: none was evicted (the stores are bounded). */
  readonly allKept: boolean;
}

export function describeMemoryKind(kind: MemoryKind): string {
  return kind === 'conversations' ? 'idle conversations' : 'dedupe ids';
}

export function renderMemory(rows: readonly MemoryFigures[]): string {
  return rows
    .map(
      (row) =>
        `${format(row.count, 0)} ${describeMemoryKind(row.kind)}: RSS ${format(row.rssMb, 0)} MB ` +
        `(the booted app alone: ${format(row.bootRssMb, 0)} MB, so +${format(row.rssMb - row.bootRssMb, 0)} MB` +
        `${row.allKept ? '' : '; the store evicted some: raise its max entries'})`,
    )
    .join('\n');
}
