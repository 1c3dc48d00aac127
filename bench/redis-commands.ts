/**
 * Redis commands per message, from `INFO commandstats` read before and after a measured window. The counts are
 * server-wide: on a shared Redis, other clients' commands in the same window count too.
 */
import type { Redis } from 'ioredis';

/** Calls per command name (lower case, e.g. `evalsha`, `hget`). */
export type CommandCounts = ReadonlyMap<string, number>;

export async function commandCounts(redis: Redis): Promise<CommandCounts> {
  const counts = new Map<string, number>();
  for (const line of (await redis.info('commandstats')).split('\n')) {
    // cmdstat_hget:calls=12,usec=30,usec_per_call=2.50,rejected_calls=0,failed_calls=0
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match) counts.set(match[1], Number(match[2]));
  }
  return counts;
}

/** What ran between two snapshots, minus the one `INFO` the bench itself sent for the second snapshot. */
export function commandsBetween(before: CommandCounts, after: CommandCounts): Map<string, number> {
  const ran = new Map<string, number>();
  for (const [name, calls] of after) {
    const delta = calls - (before.get(name) ?? 0) - (name === 'info' ? 1 : 0);
    if (delta > 0) ran.set(name, delta);
  }
  return ran;
}

export function totalCommands(counts: CommandCounts): number {
  let total = 0;
  for (const calls of counts.values()) total += calls;
  return total;
}

/** `12.3 per message: evalsha 4.0, hget 3.1, …`: the `top` most frequent commands. */
export function describeCommandsPerMessage(counts: CommandCounts, messages: number, top: number): string {
  const perMessage = (calls: number) => (calls / Math.max(1, messages)).toFixed(1);
  const largest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
  return (
    `${perMessage(totalCommands(counts))} per message: ` +
    largest.map(([name, calls]) => `${name} ${perMessage(calls)}`).join(', ')
  );
}
