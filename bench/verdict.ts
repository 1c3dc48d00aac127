/** The targets, one PASS or FAIL line each, checked against the figures of this run. */
import {
  describeMemoryKind,
  format,
  formatLatencyMs,
  type FixedRateFigures,
  type MemoryFigures,
  type MemoryKind,
  type TargetFigures,
} from './report.js';

export interface TargetCheck {
  readonly description: string;
  /** `undefined` when the target could not be measured in this run. */
  readonly passed: boolean | undefined;
  readonly detail: string;
}

export interface RunFigures {
  readonly rows: readonly TargetFigures[];
  readonly fixedRate: readonly FixedRateFigures[];
  readonly memory: readonly MemoryFigures[];
}

/** The latency targets hold at this rate; at another, their lines read n/a. */
export const TARGET_RATE = 500;
const MEMORY_LIMIT_MB = 250;

const notMeasured = (description: string, why = 'not measured'): TargetCheck => ({
  description,
  passed: undefined,
  detail: why,
});

function ratioCheck(description: string, value: number, limit: number, atMost: boolean): TargetCheck {
  if (!Number.isFinite(value)) return notMeasured(description);
  return { description, passed: atMost ? value <= limit : value >= limit, detail: `${value.toFixed(2)}x` };
}

function latencyCheck(description: string, row: FixedRateFigures | undefined, limitMs: number): TargetCheck {
  if (!row) return notMeasured(description);
  if (row.messagesPerSecond !== TARGET_RATE)
    return notMeasured(description, `measured at ${row.messagesPerSecond}/s, the target is for ${TARGET_RATE}/s`);
  return {
    description,
    passed: row.replyP99Ms <= limitMs,
    detail: `p99 ${formatLatencyMs(row.replyP99Ms)}, ${row.unanswered} unanswered`,
  };
}

function memoryCheck(kind: MemoryKind, memory: readonly MemoryFigures[]): TargetCheck {
  const row = memory.find((candidate) => candidate.kind === kind);
  const description = `memory: 100,000 ${describeMemoryKind(kind)} ≤ ${MEMORY_LIMIT_MB} MB RSS`;
  if (!row) return notMeasured(description);
  return {
    description,
    passed: row.rssMb <= MEMORY_LIMIT_MB && row.allKept,
    detail: `${format(row.rssMb, 0)} MB${row.allKept ? '' : ', but the store evicted entries'}`,
  };
}

export function checkTargets({ rows, fixedRate, memory }: RunFigures): TargetCheck[] {
  const find = (target: string) => rows.find((row) => row.target === target && !row.unavailable);
  const base = find('baseline');
  const inProcess = find('in-process');
  const redis = find('redis');
  const peer = find('whatsapp-api-js');
  const ratio = (
    row: TargetFigures | undefined,
    to: TargetFigures | undefined,
    pick: (row: TargetFigures) => number,
  ) => (row && to ? pick(row) / pick(to) : Number.NaN);
  const cpu = (row: TargetFigures) => row.cpuMsPerMessage;
  const cpuWithRedisServer = (row: TargetFigures) => row.cpuMsPerMessage + (row.redisCpuMsPerMessage ?? Number.NaN);
  const redisWhy = rows.find((row) => row.target === 'redis')?.unavailable;
  const commands = redis?.redisCommandsPerMessage;

  return [
    ratioCheck('in-process CPU/msg ≤ 3.0x baseline', ratio(inProcess, base, cpu), 3.0, true),
    ratioCheck(
      'in-process replies/s ≥ 0.95x its own req/s',
      inProcess ? inProcess.repliesPerSecond / inProcess.requestsPerSecond : Number.NaN,
      0.95,
      false,
    ),
    ratioCheck('in-process CPU/msg ≤ 1.0x whatsapp-api-js', ratio(inProcess, peer, cpu), 1.0, true),
    commands === undefined
      ? notMeasured('redis ≤ 30 commands/msg', redisWhy)
      : { description: 'redis ≤ 30 commands/msg', passed: commands <= 30, detail: commands.toFixed(1) },
    ratioCheck(
      'redis replies/s ≥ 0.8x in-process replies/s',
      ratio(redis, inProcess, (row) => row.repliesPerSecond),
      0.8,
      false,
    ),
    ratioCheck(
      'redis CPU/msg incl. redis-server ≤ 1.5x in-process',
      redis && inProcess ? cpuWithRedisServer(redis) / cpu(inProcess) : Number.NaN,
      1.5,
      true,
    ),
    redis
      ? {
          description: 'redis order intact, none lost',
          passed: redis.lost === 0 && redis.orderViolations === 0 && redis.unmatched === 0,
          detail: `${redis.lost} lost, ${redis.orderViolations} out of order, ${redis.unmatched} unmatched`,
        }
      : notMeasured('redis order intact, none lost', redisWhy),
    latencyCheck(
      `in-process reply p99 at ${TARGET_RATE}/s ≤ 50 ms`,
      fixedRate.find((row) => row.target === 'in-process'),
      50,
    ),
    latencyCheck(
      `redis reply p99 at ${TARGET_RATE}/s ≤ 150 ms`,
      fixedRate.find((row) => row.target === 'redis'),
      150,
    ),
    ...checkMemory(memory),
  ];
}

export function checkMemory(memory: readonly MemoryFigures[]): TargetCheck[] {
  return [memoryCheck('conversations', memory), memoryCheck('dedupe', memory)];
}

export function renderChecks(checks: readonly TargetCheck[]): string {
  const mark = (passed: boolean | undefined) => (passed === undefined ? 'n/a ' : passed ? 'PASS' : 'FAIL');
  return checks.map((check) => `${mark(check.passed)}  ${check.description}: ${check.detail}`).join('\n');
}
