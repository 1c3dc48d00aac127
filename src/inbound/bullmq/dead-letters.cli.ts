import 'reflect-metadata';
import { DLQ_NEEDS_REDIS, DEAD_LETTER_NOT_FOUND, DLQ_USAGE } from '../../common/errors/error-messages.js';
import { connectRedis } from '../../redis/redis.module.js';
import { redisConfig } from '../../redis/redis.config.js';
import { inboundConfig } from '../inbound.config.js';
import { DeadLetters } from './dead-letters.js';
import { DurableInbound } from './durable-inbound.js';

/**
 * `npm run dlq -- list [limit]`, `npm run dlq -- replay <message id>`, `npm run dlq -- replay --all`: the dead-letter
 * queue from a shell, with the service's REDIS_URL and REDIS_PREFIX. Prints JSON; exits 1 when nothing matched.
 */
async function main(args: string[]): Promise<number> {
  const [command, argument] = args;
  if (command !== 'list' && command !== 'replay') return fail(DLQ_USAGE(), 2);
  if (command === 'replay' && !argument) return fail(DLQ_USAGE(), 2);
  const limit = command === 'list' && argument !== undefined ? Number(argument) : 100;
  if (!Number.isInteger(limit) || limit < 1) return fail(DLQ_USAGE(), 2);
  const redisSettings = redisConfig();
  if (!redisSettings.url) return fail(DLQ_NEEDS_REDIS(), 2);
  const redis = await connectRedis(redisSettings.url, redisSettings.connectTimeoutMs);
  const durable = new DurableInbound(redis, redisSettings.prefix, inboundConfig());
  try {
    const deadLetters = new DeadLetters(durable);
    if (command === 'list') {
      print(await deadLetters.list(limit));
      return 0;
    }
    if (argument === '--all') {
      print({ replayed: await deadLetters.replayAll() });
      return 0;
    }
    if (!(await deadLetters.replay(argument))) return fail(DEAD_LETTER_NOT_FOUND(argument), 1);
    print({ replayed: [argument] });
    return 0;
  } finally {
    await durable.close();
    await redis.quit();
  }
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function fail(message: string, code: number): number {
  process.stderr.write(`${message}\n`);
  return code;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
