/**
 * `npm run bench`: the service under load on loopback, next to a raw `node:http` baseline measured in the same
 * run. Targets alternate round by round so that a noisy neighbour hurts all of them alike; the ratios to the
 * baseline are the result, the absolute figures only describe this machine at this moment.
 *
 * Then, unless only a rate was asked for: an open-loop load at a fixed rate (500 messages/s) on the product's two
 * modes for reply p50/p99, and the memory of 100,000 idle conversations and of 100,000 dedupe ids. Last, one
 * PASS or FAIL line per target of the issue (verdict.ts).
 *
 * Options: --rounds=3 --duration=5 (s) --connections=20 --users=2000
 *          --targets=baseline,raw+receipt,in-process,redis,whatsapp-api-js
 *          --rate=N                      only the open-loop load, N messages/s, on every target of --targets
 *          --rate-duration=8 (s)         how long the open-loop load runs per target
 *          --profile[=in-process|redis]  one load run of the product under V8's CPU profiler, summarized
 *                                        (alias: --cpu-prof[=in-process|redis])
 *          --product-dir=PATH            measure the product built in another checkout
 *          --env=NAME=VALUE              extra environment for the product (repeatable), e.g. WORKER_CONCURRENCY=50
 */
import { mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { analyzeDeliveries, median, percentile, type Attribution } from './analyze.js';
import {
  BENCH_PHONE_ID,
  SINK_COUNT_PATH,
  SINK_DRAIN_PATH,
  waIdPrefixOf,
  type SinkCount,
  type SinkEvent,
} from './bench-protocol.js';
import { renderSummary, summarizeProfile } from './cpu-profile.js';
import { runFixedRate } from './fixed-rate-load.js';
import { runLoad } from './load.js';
import { measureMemory } from './memory-measure.js';
import {
  cpuTimeMs,
  freePort,
  killAllStarted,
  listeningPort,
  startNode,
  stopAllStarted,
  stopProcess,
  waitForLine,
  waitUntilHealthy,
  type BenchProcess,
} from './processes.js';
import { ensureProductBuilt } from './product-build.js';
import { BENCH_APP_SECRET, productEnv } from './product-env.js';
import {
  commandCounts,
  commandsBetween,
  describeCommandsPerMessage,
  totalCommands,
  type CommandCounts,
} from './redis-commands.js';
import {
  renderFixedRate,
  renderMemory,
  renderTable,
  type FixedRateFigures,
  type MemoryFigures,
  type TargetFigures,
} from './report.js';
import { checkTargets, renderChecks, TARGET_RATE } from './verdict.js';

/** bench/.build/run.js → the project root. */
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BENCH_BUILD_DIR = fileURLToPath(new URL('.', import.meta.url));
const REDIS_URL = 'redis://127.0.0.1:6379';
const BOOT_TIMEOUT_MS = 30_000;
const WARM_UP_SECONDS = 1;
/** Replies still trickling in after the load stopped: wait while they come, at most this long. */
const REPLY_WAIT_MAX_MS = 60_000;
const REPLY_STALL_MS = 5000;
/** After that, how long to wait for replies to the requests that were in flight when the load stopped. */
const IN_FLIGHT_SETTLE_MS = 500;
/** Between rounds: the servers count as quiet once they used under this much CPU in one window, waited at most QUIET_MAX_MS. */
const QUIET_WINDOW_MS = 500;
const QUIET_CPU_MS = 30;
const QUIET_MAX_MS = 30_000;

/**
 * `raw+receipt` is a reference, not a target: the baseline plus the read receipt the product must send for every
 * message, i.e. the floor any implementation of the product stands on. `whatsapp-api-js` is the peer: that
 * package's documented echo bot (peer-echo-bot.ts).
 */
type TargetName = 'baseline' | 'raw+receipt' | 'in-process' | 'redis' | 'whatsapp-api-js';
const ALL_TARGETS: readonly TargetName[] = ['baseline', 'raw+receipt', 'in-process', 'redis', 'whatsapp-api-js'];
/** Each target's own wa_id range (waIdOf), so one target's late replies are never taken for another's. */
const TARGET_INDEX: Readonly<Record<TargetName, number>> = {
  baseline: 0,
  'in-process': 1,
  redis: 2,
  'raw+receipt': 3,
  'whatsapp-api-js': 4,
};
/** The open-loop load runs on the product's two modes, which the latency targets are about. */
const FIXED_RATE_TARGETS: readonly TargetName[] = ['in-process', 'redis'];

interface Options {
  readonly rounds: number;
  readonly durationSeconds: number;
  readonly connections: number;
  readonly users: number;
  readonly targets: readonly TargetName[];
  readonly profile: 'in-process' | 'redis' | undefined;
  /** Messages/s of the open-loop load. */
  readonly rate: number;
  readonly rateDurationSeconds: number;
  /** `--rate` given: only the open-loop load, on every target. */
  readonly rateOnly: boolean;
  readonly productDir: string;
  /** Extra variables for both product targets (`--env=NAME=VALUE`). */
  readonly productEnv: Readonly<Record<string, string>>;
}

interface Target {
  readonly name: TargetName;
  /** Its own wa_id range (waIdOf). */
  readonly index: number;
  readonly url: string;
  readonly proc: BenchProcess;
  readonly attribution: Attribution;
}

interface RoundFigures {
  readonly requestsPerSecond: number;
  readonly ackP50Ms: number;
  readonly ackP99Ms: number;
  readonly repliesPerSecond: number;
  readonly replyP99Ms: number;
  readonly cpuMsPerMessage: number;
  readonly redisCpuMsPerMessage?: number;
  /** Redis commands the window saw (Redis mode only). */
  readonly redisCommands?: CommandCounts;
  readonly messages: number;
  readonly lost: number;
  readonly unmatched: number;
  /** Replies to another target's users that arrived during this round (its backlog). */
  readonly foreign: number;
  readonly orderViolations: number;
}

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string): string | undefined => {
    const arg = argv.find((candidate) => candidate === `--${name}` || candidate.startsWith(`--${name}=`));
    if (arg === undefined) return undefined;
    return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : '';
  };
  const bounded = (name: string, fallback: number, min: number, max: number) => {
    const parsed = Number(value(name) ?? fallback);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max)
      throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return parsed;
  };
  const targets = (value('targets') ?? ALL_TARGETS.join(','))
    .split(',')
    .filter((name): name is TargetName => ALL_TARGETS.includes(name as TargetName));
  // `--cpu-prof` as an alias: the profile is V8's, as `node --cpu-prof` writes it, but of the measured window only.
  const profile = value('profile') ?? value('cpu-prof');
  return {
    rounds: bounded('rounds', 3, 1, 10),
    durationSeconds: bounded('duration', 5, 1, 30),
    connections: bounded('connections', 20, 1, 200),
    users: bounded('users', 2000, 100, 100_000),
    targets: targets.includes('baseline') ? targets : ['baseline', ...targets],
    profile: profile === undefined ? undefined : profile === 'redis' ? 'redis' : 'in-process',
    rate: bounded('rate', TARGET_RATE, 1, 20_000),
    rateDurationSeconds: bounded('rate-duration', 8, 1, 60),
    rateOnly: value('rate') !== undefined,
    productDir: resolve(value('product-dir') || PROJECT_ROOT),
    productEnv: Object.fromEntries(
      argv
        .filter((arg) => arg.startsWith('--env=') && arg.indexOf('=', 6) > 6)
        .map((arg) => [arg.slice(6, arg.indexOf('=', 6)), arg.slice(arg.indexOf('=', 6) + 1)]),
    ),
  };
}

// --- the processes under test ------------------------------------------------------------------------------

async function startSink(): Promise<string> {
  const sink = startNode('graph-sink', [join(BENCH_BUILD_DIR, 'graph-sink.js')], {}, PROJECT_ROOT);
  return `http://127.0.0.1:${await listeningPort(sink, BOOT_TIMEOUT_MS)}`;
}

async function startBaseline(graphUrl: string, name: 'baseline' | 'raw+receipt'): Promise<Target> {
  const proc = startNode(
    name,
    [join(BENCH_BUILD_DIR, 'baseline-server.js')],
    {
      PORT: '0',
      BENCH_APP_SECRET,
      BENCH_GRAPH_URL: graphUrl,
      BENCH_PHONE_ID,
      BENCH_READ_RECEIPT: name === 'raw+receipt' ? '1' : '0',
    },
    PROJECT_ROOT,
  );
  const url = `http://127.0.0.1:${await listeningPort(proc, BOOT_TIMEOUT_MS)}`;
  return { name, index: TARGET_INDEX[name], url, proc, attribution: 'echo' };
}

async function startPeer(graphUrl: string): Promise<Target> {
  const name = 'whatsapp-api-js';
  const proc = startNode(
    name,
    [join(BENCH_BUILD_DIR, 'peer-echo-bot.js')],
    { PORT: '0', BENCH_APP_SECRET, BENCH_GRAPH_URL: graphUrl },
    PROJECT_ROOT,
  );
  const url = `http://127.0.0.1:${await listeningPort(proc, BOOT_TIMEOUT_MS)}`;
  // Its replies quote the message they answer: matched like the baseline's echo.
  return { name, index: TARGET_INDEX[name], url, proc, attribution: 'echo' };
}

async function startProduct(
  name: 'in-process' | 'redis',
  productDir: string,
  graphUrl: string,
  extraEnv: Record<string, string>,
  nodeFlags: readonly string[] = [],
): Promise<Target> {
  const port = await freePort();
  const env = productEnv(port, graphUrl, BENCH_PHONE_ID, extraEnv);
  const proc = startNode(name, [...nodeFlags, 'dist/main.js'], env, productDir);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilHealthy(proc, `${url}/health`, BOOT_TIMEOUT_MS);
  return { name, index: TARGET_INDEX[name], url, proc, attribution: 'receipt' };
}

// --- the sink ----------------------------------------------------------------------------------------------

async function sinkCount(graphUrl: string, waIdPrefix: string): Promise<SinkCount> {
  const response = await fetch(`${graphUrl}${SINK_COUNT_PATH}?to=${waIdPrefix}`, { signal: AbortSignal.timeout(5000) });
  return (await response.json()) as SinkCount;
}

async function drainSink(graphUrl: string): Promise<SinkEvent[]> {
  const response = await fetch(`${graphUrl}${SINK_DRAIN_PATH}`, {
    method: 'POST',
    signal: AbortSignal.timeout(10_000),
  });
  return (await response.json()) as SinkEvent[];
}

/**
 * Waits for the replies of a load run: until every acknowledged message has one (or none came for
 * REPLY_STALL_MS, or REPLY_WAIT_MAX_MS passed: what is missing then counts as lost), then briefly for the
 * messages still in flight when the load stopped, which the server may have taken too. Their replies
 * must not reach the next round, nor mask a late reply to an acknowledged message.
 */
async function waitForReplies(
  graphUrl: string,
  target: Target,
  load: { readonly ackedCount: number; readonly sent: ReadonlyMap<string, unknown> },
): Promise<void> {
  const count = async () => (await sinkCount(graphUrl, waIdPrefixOf(target.index))).messages;
  const waitUntil = async (expected: number, stallMs: number, maxMs: number) => {
    const deadline = Date.now() + maxMs;
    let last = -1;
    let lastChangeAt = Date.now();
    for (let poll = 0; poll < maxMs / 50 && Date.now() < deadline; poll++) {
      const messages = await count();
      if (messages >= expected) return;
      if (messages !== last) {
        last = messages;
        lastChangeAt = Date.now();
      } else if (Date.now() - lastChangeAt > stallMs) {
        return;
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
  };
  await waitUntil(load.ackedCount, REPLY_STALL_MS, REPLY_WAIT_MAX_MS);
  await waitUntil(load.sent.size, IN_FLIGHT_SETTLE_MS, REPLY_STALL_MS);
}

/**
 * Waits until the servers under test (and redis-server) are idle, at most QUIET_MAX_MS: a Redis round leaves work
 * behind after its last reply (BullMQ's bookkeeping, GC), and the next target must not run on a busy machine.
 * Returns how long it waited.
 */
async function waitUntilQuiet(pids: readonly number[]): Promise<number> {
  const startedAt = Date.now();
  const total = () => pids.reduce((sum, pid) => sum + (cpuTimeMs(pid) ?? 0), 0);
  for (let window = 0; window < QUIET_MAX_MS / QUIET_WINDOW_MS; window++) {
    const before = total();
    await new Promise((resolveWait) => setTimeout(resolveWait, QUIET_WINDOW_MS));
    if (total() - before < QUIET_CPU_MS) break;
  }
  return Date.now() - startedAt;
}

// --- Redis -------------------------------------------------------------------------------------------------

/** Deletes every key under `prefix` (bounded: at most 1,000 SCAN pages). */
async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = '0';
  for (let page = 0; page < 1000; page++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) deleted += await redis.unlink(...keys);
    cursor = next;
    if (cursor === '0') break;
  }
  return deleted;
}

/** The key families the product wrote under `prefix` (e.g. `bull`, `conversation`), rate-limit buckets aside. */
async function keyFamilies(redis: Redis, prefix: string): Promise<string[]> {
  const families = new Set<string>();
  let cursor = '0';
  for (let page = 0; page < 100; page++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    for (const key of keys) families.add(key.slice(prefix.length).split(':')[0]);
    cursor = next;
    if (cursor === '0') break;
  }
  families.delete('ratelimit');
  return [...families].sort();
}

async function redisServerPid(redis: Redis): Promise<number | undefined> {
  const info = await redis.info('server');
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  return Number.isInteger(pid) && cpuTimeMs(pid) !== undefined ? pid : undefined;
}

// --- one round ---------------------------------------------------------------------------------------------

/** What every round needs besides its target: the sink, and Redis to measure (when the Redis target runs). */
interface Bench {
  readonly graphUrl: string;
  /** Connected, for INFO commandstats around a Redis round. */
  readonly redis: Redis | undefined;
  readonly redisPid: number | undefined;
  /** The servers under test and redis-server: all must be quiet before a round starts. */
  readonly serverPids: readonly number[];
}

async function waitUntilQuietBefore(bench: Bench, what: string): Promise<void> {
  if ((await waitUntilQuiet(bench.serverPids)) >= QUIET_MAX_MS) {
    process.stdout.write(`(servers still busy after ${QUIET_MAX_MS / 1000} s: ${what} runs anyway)\n`);
  }
}

async function runRound(target: Target, round: number, options: Options, bench: Bench): Promise<RoundFigures> {
  await waitUntilQuietBefore(bench, `round ${round} of ${target.name}`);
  await drainSink(bench.graphUrl);
  const isRedis = target.name === 'redis';
  const redisPid = isRedis ? bench.redisPid : undefined;
  const cpuBefore = cpuTimeMs(target.proc.pid) ?? Number.NaN;
  const redisBefore = redisPid !== undefined ? cpuTimeMs(redisPid) : undefined;
  const commandsBefore = isRedis && bench.redis ? await commandCounts(bench.redis) : undefined;
  const load = await runLoad({ ...loadDefaults(options, target), target: target.name, round });
  await waitForReplies(bench.graphUrl, target, load);
  // Work the round left behind (BullMQ's bookkeeping, GC) is the round's cost too.
  await waitUntilQuiet(bench.serverPids);
  const cpuMs = (cpuTimeMs(target.proc.pid) ?? Number.NaN) - cpuBefore;
  const redisAfter = redisPid !== undefined ? cpuTimeMs(redisPid) : undefined;
  const redisCommands =
    commandsBefore && bench.redis ? commandsBetween(commandsBefore, await commandCounts(bench.redis)) : undefined;
  const report = analyzeDeliveries(
    load.sent,
    await drainSink(bench.graphUrl),
    target.attribution,
    waIdPrefixOf(target.index),
  );
  const messages = Math.max(1, load.ackedCount);
  return {
    requestsPerSecond: load.ackedCount / load.durationSeconds,
    ackP50Ms: load.ackP50Ms,
    ackP99Ms: load.ackP99Ms,
    repliesPerSecond: report.replied / Math.max(0.001, (report.lastReplyAtMs - load.startedAtMs) / 1000),
    replyP99Ms: percentile(report.latenciesMs, 99),
    cpuMsPerMessage: cpuMs / messages,
    redisCpuMsPerMessage:
      redisBefore !== undefined && redisAfter !== undefined ? (redisAfter - redisBefore) / messages : undefined,
    redisCommands,
    messages: load.ackedCount,
    lost: report.lost,
    unmatched: report.unmatched,
    foreign: report.foreign,
    orderViolations: report.orderViolations,
  };
}

/** The commands of all rounds together (per message: their sum over the sum of acknowledged messages). */
function commandsOfRounds(rounds: readonly RoundFigures[]): Map<string, number> | undefined {
  if (rounds.some((round) => round.redisCommands === undefined)) return undefined;
  const sum = new Map<string, number>();
  for (const round of rounds) {
    for (const [name, calls] of round.redisCommands ?? []) sum.set(name, (sum.get(name) ?? 0) + calls);
  }
  return sum;
}

function summarize(name: TargetName, rounds: readonly RoundFigures[]): TargetFigures {
  const mid = (pick: (round: RoundFigures) => number) => median(rounds.map(pick));
  const redisCpu = rounds.flatMap((round) =>
    round.redisCpuMsPerMessage === undefined ? [] : [round.redisCpuMsPerMessage],
  );
  const sum = (pick: (round: RoundFigures) => number) => rounds.reduce((total, round) => total + pick(round), 0);
  const commands = commandsOfRounds(rounds);
  const messages = sum((round) => round.messages);
  return {
    target: name,
    rounds: rounds.length,
    requestsPerSecond: mid((round) => round.requestsPerSecond),
    ackP50Ms: mid((round) => round.ackP50Ms),
    ackP99Ms: mid((round) => round.ackP99Ms),
    repliesPerSecond: mid((round) => round.repliesPerSecond),
    replyP99Ms: mid((round) => round.replyP99Ms),
    cpuMsPerMessage: mid((round) => round.cpuMsPerMessage),
    // Only when every round could read redis-server's CPU: a median of some rounds would mislead.
    redisCpuMsPerMessage: redisCpu.length === rounds.length ? median(redisCpu) : undefined,
    redisCommandsPerMessage: commands ? totalCommands(commands) / Math.max(1, messages) : undefined,
    messages,
    lost: sum((round) => round.lost),
    unmatched: sum((round) => round.unmatched),
    orderViolations: sum((round) => round.orderViolations),
  };
}

// --- the open-loop load ------------------------------------------------------------------------------------

/**
 * One open-loop run on a warm target: `options.rate` messages/s on schedule, then the replies. A message without
 * a reply counts as infinitely late, so a target that drops messages cannot show a good p99.
 */
async function runAtFixedRate(target: Target, options: Options, bench: Bench): Promise<FixedRateFigures> {
  await waitUntilQuietBefore(bench, `the ${options.rate}/s run of ${target.name}`);
  await drainSink(bench.graphUrl);
  const load = await runFixedRate({
    ...loadDefaults(options, target),
    target: target.name,
    round: options.rounds + 1,
    messagesPerSecond: options.rate,
    durationSeconds: options.rateDurationSeconds,
  });
  await waitForReplies(bench.graphUrl, target, load);
  const report = analyzeDeliveries(
    load.sent,
    await drainSink(bench.graphUrl),
    target.attribution,
    waIdPrefixOf(target.index),
  );
  const unanswered = load.sent.size - report.latenciesMs.length;
  const latencies = [...report.latenciesMs, ...new Array<number>(unanswered).fill(Number.POSITIVE_INFINITY)];
  return {
    target: target.name,
    messagesPerSecond: options.rate,
    durationSeconds: options.rateDurationSeconds,
    sent: load.sent.size,
    acked: load.ackedCount,
    unanswered,
    replyP50Ms: percentile(latencies, 50),
    replyP99Ms: percentile(latencies, 99),
  };
}

function describeMachine(): string {
  const cores = cpus();
  return [
    `date: ${new Date().toISOString()}`,
    `node: ${process.version}`,
    `cpu: ${cores.length} × ${cores[0]?.model ?? 'unknown'}`,
    `load average before start: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  ].join('\n');
}

// --- the two modes -----------------------------------------------------------------------------------------

function describePlan(options: Options): string {
  const env = Object.entries(options.productEnv)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
  const load =
    `${options.connections} connections, ${options.users} users (20 of them chatty), one message per webhook` +
    (env ? `; product env: ${env}` : '');
  const openLoop = `open loop ${options.rate} messages/s for ${options.rateDurationSeconds} s`;
  if (options.rateOnly) return `plan: ${openLoop} on ${options.targets.join(', ')}, ${load}`;
  return (
    `plan: ${options.rounds} rounds × ${options.targets.join(', ')}, ${options.durationSeconds} s each, ${load}; ` +
    `then ${openLoop} on ${FIXED_RATE_TARGETS.join(', ')}; then memory`
  );
}

/** Starts the targets of `options` (the baseline always); Redis mode only if Redis answers. */
async function startTargets(
  options: Options,
  graphUrl: string,
  redis: Redis | undefined,
  redisPrefix: string,
  unavailable: Map<TargetName, string>,
): Promise<Target[]> {
  const targets: Target[] = [await startBaseline(graphUrl, 'baseline')];
  if (options.targets.includes('raw+receipt')) targets.push(await startBaseline(graphUrl, 'raw+receipt'));
  if (options.targets.includes('in-process')) {
    targets.push(await startProduct('in-process', options.productDir, graphUrl, options.productEnv));
  }
  if (redis) {
    try {
      await redis.connect();
      const env = { ...options.productEnv, REDIS_URL, REDIS_PREFIX: redisPrefix };
      targets.push(await startProduct('redis', options.productDir, graphUrl, env));
    } catch (error) {
      unavailable.set(
        'redis',
        `did not start: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
      );
    }
  }
  if (options.targets.includes('whatsapp-api-js')) targets.push(await startPeer(graphUrl));
  return targets;
}

/** Closed-loop rounds, alternating targets; the first target rotates each round. Returns each target's rounds. */
async function runRounds(
  options: Options,
  targets: readonly Target[],
  bench: Bench,
): Promise<Map<TargetName, RoundFigures[]>> {
  const rounds = new Map<TargetName, RoundFigures[]>(targets.map((target) => [target.name, []]));
  for (let round = 1; round <= options.rounds; round++) {
    // Rotate who goes first, so no target always runs right after the same neighbour.
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round - 1 + i) % targets.length];
      const figures = await runRound(target, round, options, bench);
      rounds.get(target.name)?.push(figures);
      process.stdout.write(
        `round ${round} ${target.name.padEnd(15)} ${figures.requestsPerSecond.toFixed(0).padStart(6)} req/s  ` +
          `${figures.repliesPerSecond.toFixed(0).padStart(6)} replies/s  cpu ${figures.cpuMsPerMessage.toFixed(3)} ms/msg  ` +
          `lost ${figures.lost}  out of order ${figures.orderViolations}  other targets' stragglers ${figures.foreign}\n`,
      );
    }
  }
  return rounds;
}

async function compare(options: Options): Promise<void> {
  const runId = Date.now().toString(36);
  const redisPrefix = `bench:${runId}:`;
  process.stdout.write(`${describeMachine()}\n${describePlan(options)}\n\n`);

  const redis = options.targets.includes('redis')
    ? new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true })
    : undefined;
  const unavailable = new Map<TargetName, string>();
  try {
    const graphUrl = await startSink();
    const targets = await startTargets(options, graphUrl, redis, redisPrefix, unavailable);
    for (const target of targets) {
      process.stdout.write(`warm-up: ${target.name}\n`);
      const warmUp = await runLoad({ ...loadDefaults(options, target), round: 0, durationSeconds: WARM_UP_SECONDS });
      await waitForReplies(graphUrl, target, warmUp);
      await drainSink(graphUrl);
    }
    const redisTarget = targets.find((target) => target.name === 'redis');
    if (redisTarget && redis) {
      const families = await keyFamilies(redis, redisPrefix);
      if (families.length === 0) {
        unavailable.set(
          'redis',
          'REDIS_URL was ignored: the product wrote nothing under REDIS_PREFIX (Redis mode is not wired yet)',
        );
        await stopProcess(redisTarget.proc);
        targets.splice(targets.indexOf(redisTarget), 1);
      } else {
        process.stdout.write(`redis mode: the product keeps ${families.join(', ')} under REDIS_PREFIX\n`);
      }
    }
    const redisPid = redis?.status === 'ready' ? await redisServerPid(redis) : undefined;
    const bench: Bench = {
      graphUrl,
      redis: redis?.status === 'ready' ? redis : undefined,
      redisPid,
      serverPids: [...targets.map((target) => target.proc.pid), ...(redisPid === undefined ? [] : [redisPid])],
    };

    let rows: TargetFigures[] = [];
    if (!options.rateOnly) {
      const rounds = await runRounds(options, targets, bench);
      rows = options.targets.map((name) => {
        const reason = unavailable.get(name);
        const measured = rounds.get(name);
        if (reason || !measured || measured.length === 0)
          return { ...emptyFigures(name), unavailable: reason ?? 'not measured' };
        return summarize(name, measured);
      });
      process.stdout.write(`\nMedians of ${options.rounds} rounds; (x) = ratio to the baseline of the same run.\n`);
      process.stdout.write(`${renderTable(rows)}\n`);
      const redisCommands = commandsOfRounds(rounds.get('redis') ?? []);
      const redisRow = rows.find((row) => row.target === 'redis' && !row.unavailable);
      if (redisCommands && redisRow) {
        process.stdout.write(
          `\nRedis commands (INFO commandstats over the measured windows, server-wide, commands inside scripts ` +
            `included): ${describeCommandsPerMessage(redisCommands, redisRow.messages, 8)}\n`,
        );
      }
    }

    const fixedRate: FixedRateFigures[] = [];
    const openLoopTargets = targets.filter((target) => options.rateOnly || FIXED_RATE_TARGETS.includes(target.name));
    if (openLoopTargets.length > 0) {
      process.stdout.write(`\nOpen loop, reply latency from the scheduled send (unanswered = never):\n`);
      for (const target of openLoopTargets) {
        const figures = await runAtFixedRate(target, options, bench);
        fixedRate.push(figures);
        process.stdout.write(`${renderFixedRate([figures])}\n`);
      }
    }

    let memory: MemoryFigures[] = [];
    if (!options.rateOnly) {
      process.stdout.write(`\nMemory (the product booted in a fresh process, one store filled, after GC):\n`);
      memory = await measureMemory(options.productDir);
      process.stdout.write(`${renderMemory(memory)}\n`);
    }
    process.stdout.write(`\n${renderChecks(checkTargets({ rows, fixedRate, memory }))}\n`);
  } finally {
    await stopAllStarted();
    if (redis) {
      if (redis.status === 'ready') {
        const deleted = await deleteKeys(redis, redisPrefix);
        process.stdout.write(`\nredis: deleted ${deleted} keys under ${redisPrefix}\n`);
      }
      redis.disconnect();
    }
  }
}

function loadDefaults(options: Options, target: Target) {
  return {
    baseUrl: target.url,
    appSecret: BENCH_APP_SECRET,
    target: `${target.name}-warmup`,
    targetIndex: target.index,
    durationSeconds: options.durationSeconds,
    connections: options.connections,
    users: options.users,
    hotUsers: 20,
    hotEvery: 10,
  };
}

function emptyFigures(target: TargetName): TargetFigures {
  const none = Number.NaN;
  return {
    target,
    rounds: 0,
    requestsPerSecond: none,
    ackP50Ms: none,
    ackP99Ms: none,
    repliesPerSecond: none,
    replyP99Ms: none,
    cpuMsPerMessage: none,
    messages: 0,
    lost: 0,
    unmatched: 0,
    orderViolations: 0,
  };
}

/**
 * One load run of the product with V8's CPU profiler on for the measured window only (bench/profile-hook.ts,
 * toggled by SIGUSR2), then the self time per package and per function.
 */
async function profile(options: Options, mode: 'in-process' | 'redis'): Promise<void> {
  const runId = Date.now().toString(36);
  const redisPrefix = `bench:${runId}:`;
  const profileDir = join(BENCH_BUILD_DIR, 'profiles');
  mkdirSync(profileDir, { recursive: true });
  const path = join(profileDir, `product-${mode}-${runId}.cpuprofile`);
  process.stdout.write(`${describeMachine()}\nprofiling the product (${mode}) for ${options.durationSeconds} s\n`);
  const redis = mode === 'redis' ? new Redis(REDIS_URL, { maxRetriesPerRequest: 1 }) : undefined;
  try {
    const graphUrl = await startSink();
    const env: Record<string, string> = {
      ...options.productEnv,
      BENCH_PROFILE_PATH: path,
      ...(mode === 'redis' ? { REDIS_URL, REDIS_PREFIX: redisPrefix } : {}),
    };
    const hook = pathToFileURL(join(BENCH_BUILD_DIR, 'profile-hook.js')).href;
    const target = await startProduct(mode, options.productDir, graphUrl, env, ['--import', hook]);
    const warmUp = await runLoad({ ...loadDefaults(options, target), round: 0, durationSeconds: WARM_UP_SECONDS });
    await waitForReplies(graphUrl, target, warmUp);
    await drainSink(graphUrl);

    target.proc.child.kill('SIGUSR2');
    const cpuBefore = cpuTimeMs(target.proc.pid) ?? Number.NaN;
    const load = await runLoad({ ...loadDefaults(options, target), target: target.name, round: 1 });
    await waitForReplies(graphUrl, target, load);
    const cpuMs = (cpuTimeMs(target.proc.pid) ?? Number.NaN) - cpuBefore;
    const written = waitForLine(target.proc, '{"profileWritten":true}', 30_000);
    target.proc.child.kill('SIGUSR2');
    await written;

    const report = analyzeDeliveries(
      load.sent,
      await drainSink(graphUrl),
      target.attribution,
      waIdPrefixOf(target.index),
    );
    process.stdout.write(
      `${load.ackedCount} messages acknowledged, ${report.replied} answered, ${report.lost} lost; ` +
        `CPU ${(cpuMs / Math.max(1, load.ackedCount)).toFixed(3)} ms/msg\n`,
    );
    process.stdout.write(`\nprofile: ${path}\n${renderSummary(summarizeProfile(path, 25))}\n`);
  } finally {
    await stopAllStarted();
    if (redis) {
      await deleteKeys(redis, redisPrefix);
      redis.disconnect();
    }
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  ensureProductBuilt(options.productDir);
  if (options.profile) await profile(options, options.profile);
  else await compare(options);
}

// Whatever happens, no server the bench started outlives it.
process.on('exit', killAllStarted);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllStarted();
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
