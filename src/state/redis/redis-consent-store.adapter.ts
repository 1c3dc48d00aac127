import type { Redis } from 'ioredis';
import { ConsentStore, type ConsentRecord } from '../consent-store.port.js';
import { stateKeys } from './state-keys.js';

/** Consent records in Redis: one JSON string per user under `<prefix>consent:<wa_id>`, without a TTL. */
export class RedisConsentStore extends ConsentStore {
  private readonly keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    super();
    this.keys = stateKeys(prefix);
  }

  async read(waId: string): Promise<ConsentRecord | undefined> {
    const json = await this.redis.get(this.keys.consent(waId));
    return json === null ? undefined : (JSON.parse(json) as ConsentRecord);
  }

  async write(waId: string, record: ConsentRecord): Promise<void> {
    await this.redis.set(this.keys.consent(waId), JSON.stringify(record));
  }
}
