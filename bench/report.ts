/** The bench's table: each target's medians over its rounds, each next to its ratio to the baseline. */

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

function format(value: number, digits: number): string {
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

export interface TargetCheck {
  readonly description: string;
  readonly passed: boolean | undefined;
  readonly detail: string;
}

/** The targets, checked against the figures. `passed: undefined` when a target could not be measured. */
export function checkTargets(rows: readonly TargetFigures[]): TargetCheck[] {
  const find = (target: string) => rows.find((row) => row.target === target && !row.unavailable);
  const base = find('baseline');
  const inProcess = find('in-process');
  const redis = find('redis');
  const ratio = (row: TargetFigures | undefined, pick: (row: TargetFigures) => number) =>
    row && base ? pick(row) / pick(base) : Number.NaN;
  const requestsRatio = ratio(inProcess, (row) => row.requestsPerSecond);
  const cpuRatio = ratio(inProcess, (row) => row.cpuMsPerMessage);
  const measured = (value: number) => (Number.isFinite(value) ? undefined : 'not measured');
  return [
    {
      description: 'in-process req/s ≥ 0.8x baseline',
      passed: Number.isFinite(requestsRatio) ? requestsRatio >= 0.8 : undefined,
      detail: measured(requestsRatio) ?? `${requestsRatio.toFixed(2)}x`,
    },
    {
      description: 'in-process CPU/msg ≤ 1.5x baseline',
      passed: Number.isFinite(cpuRatio) ? cpuRatio <= 1.5 : undefined,
      detail: measured(cpuRatio) ?? `${cpuRatio.toFixed(2)}x`,
    },
    {
      description: 'redis ≥ 1,000 msg/s answered end to end, order intact, none lost',
      passed: redis
        ? redis.repliesPerSecond >= 1000 && redis.lost === 0 && redis.orderViolations === 0 && redis.unmatched === 0
        : undefined,
      detail: redis
        ? `${format(redis.repliesPerSecond, 0)} replies/s, ${redis.lost} lost, ${redis.orderViolations} out of order`
        : (rows.find((row) => row.target === 'redis')?.unavailable ?? 'not measured'),
    },
  ];
}

export function renderChecks(checks: readonly TargetCheck[]): string {
  const mark = (passed: boolean | undefined) => (passed === undefined ? 'n/a ' : passed ? 'PASS' : 'FAIL');
  return checks.map((check) => `${mark(check.passed)}  ${check.description}: ${check.detail}`).join('\n');
}
