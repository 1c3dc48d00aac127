import { Logger } from '@nestjs/common';
import { freePort } from '../testing/free-port.js';
import { connectRedis, describeTarget, RedisUnreachableError } from './redis.module.js';

describe('describeTarget', () => {
  it.each`
    url                                        | expected
    ${'redis://127.0.0.1:6379'}                | ${'127.0.0.1:6379'}
    ${'redis://:s3cret@redis.internal:6380/2'} | ${'redis.internal:6380/2'}
    ${'rediss://user:pw@cache.example.com'}    | ${'cache.example.com:6379'}
  `('$url → $expected, never the credentials', ({ url, expected }) => {
    expect(describeTarget(url)).toBe(expected);
  });
});

describe('connectRedis', () => {
  beforeAll(() => Logger.overrideLogger(false)); // the refused connections would print warnings

  it('fails boot with an error naming host and port (not the password) when Redis does not answer', async () => {
    const port = await freePort();
    const failure = await connectRedis(`redis://:hunter2@127.0.0.1:${port}`, 300).then(
      () => new Error('expected connectRedis to fail'),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(RedisUnreachableError);
    expect((failure as RedisUnreachableError).code).toBe('REDIS.UNREACHABLE');
    expect((failure as Error).message).toContain(`127.0.0.1:${port}`);
    expect((failure as Error).message).not.toContain('hunter2');
  });
});
