import { Logger } from '@nestjs/common';
import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { MessageTransport, type GraphMessagesRequest, type GraphMessagesResponse } from '../message-transport.port.js';
import { buildText } from '../outbound-message.builders.js';
import { loadRateLimitConfig } from './rate-limit.config.js';
import { withOutboundRateLimit } from './rate-limit.factory.js';
import { RateLimitedTransport } from './rate-limited-transport.adapter.js';

class RecordingTransport extends MessageTransport {
  readonly sent: GraphMessagesRequest[] = [];
  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    this.sent.push(body);
    return { messages: [{ id: 'wamid.1' }] };
  }
}

const describeRedis = await describeWithRedis();

describe('withOutboundRateLimit', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('keeps budgets in memory without a Redis client, and passes sends through', async () => {
    const inner = new RecordingTransport();
    const transport = withOutboundRateLimit(inner, {
      config: loadRateLimitConfig({}),
      redis: null,
      keyPrefix: 'wa:',
      phoneNumberId: '123',
    });
    expect(transport).toBeInstanceOf(RateLimitedTransport);
    await transport.post(buildText('15550000001', 'hi'));
    expect(inner.sent).toHaveLength(1);
  });

  describeRedis('with a Redis client', () => {
    it('keeps budgets in Redis under REDIS_PREFIX', async () => {
      const redis = testRedis();
      const prefix = uniquePrefix('ratelimit-factory');
      try {
        const inner = new RecordingTransport();
        const transport = withOutboundRateLimit(inner, {
          config: loadRateLimitConfig({}),
          redis,
          keyPrefix: prefix,
          phoneNumberId: '123',
        });
        await transport.post(buildText('15550000001', 'hi'));
        expect(inner.sent).toHaveLength(1);
        expect((await redis.keys(`${prefix}*`)).sort()).toEqual([
          `${prefix}ratelimit:{123}:number`,
          `${prefix}ratelimit:{123}:pair:15550000001`,
        ]);
      } finally {
        await deleteKeysWithPrefix(redis, prefix);
        await redis.quit();
      }
    });
  });
});
