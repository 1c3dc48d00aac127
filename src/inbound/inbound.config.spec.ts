import { ScopedEnv } from '../testing/scoped-env.js';
import { InvalidEnvironmentError } from '../common/config/validate-env.js';
import { ROLE_NEEDS_REDIS } from '../common/errors/error-messages.js';
import { inboundConfig, servesWebhooks } from './inbound.config.js';
import { createDurableInbound, RoleNeedsRedisError } from './inbound.module.js';

const env = new ScopedEnv([
  'ROLE',
  'WORKER_CONCURRENCY',
  'QUEUE_LOCK_TTL_MS',
  'QUEUE_MAX_ATTEMPTS',
  'QUEUE_BACKOFF_MS',
  'DEAD_LETTER_TTL_DAYS',
  'DEAD_LETTER_MAX',
] as const);
const DAY_MS = 24 * 3600 * 1000;

describe('inboundConfig', () => {
  beforeEach(() => env.clear());
  afterEach(() => env.restore());

  it('defaults to one process doing everything', () => {
    expect(inboundConfig()).toEqual({
      role: 'all',
      concurrency: 10,
      lockTtlMs: 10_000,
      maxAttempts: 5,
      backoffMs: 1000,
      deadLetters: { ttlMs: 14 * DAY_MS, max: 10_000 },
    });
  });

  it('reads every variable', () => {
    env.set({
      ROLE: 'worker',
      WORKER_CONCURRENCY: '4',
      QUEUE_LOCK_TTL_MS: '3000',
      QUEUE_MAX_ATTEMPTS: '3',
      QUEUE_BACKOFF_MS: '250',
      DEAD_LETTER_TTL_DAYS: '0.5',
      DEAD_LETTER_MAX: '20',
    });
    expect(inboundConfig()).toEqual({
      role: 'worker',
      concurrency: 4,
      lockTtlMs: 3000,
      maxAttempts: 3,
      backoffMs: 250,
      deadLetters: { ttlMs: DAY_MS / 2, max: 20 },
    });
  });

  it.each([
    ['ROLE', 'both'],
    ['QUEUE_LOCK_TTL_MS', '10'],
    ['WORKER_CONCURRENCY', '0'],
    ['DEAD_LETTER_TTL_DAYS', '0'],
    ['DEAD_LETTER_TTL_DAYS', '-1'],
    ['DEAD_LETTER_TTL_DAYS', 'forever'],
    ['DEAD_LETTER_MAX', '0'],
    ['DEAD_LETTER_MAX', '2.5'],
  ])('rejects %s=%s', (name, value) => {
    env.set({ [name]: value });
    expect(() => inboundConfig()).toThrow(InvalidEnvironmentError);
  });
});

describe('servesWebhooks', () => {
  it.each`
    role         | expected
    ${undefined} | ${true}
    ${'all'}     | ${true}
    ${'web'}     | ${true}
    ${'worker'}  | ${false}
  `('ROLE=$role → $expected', ({ role, expected }) => {
    expect(servesWebhooks({ ROLE: role })).toBe(expected);
  });
});

describe('createDurableInbound', () => {
  const config = {
    role: 'all',
    concurrency: 1,
    lockTtlMs: 1000,
    maxAttempts: 1,
    backoffMs: 10,
    deadLetters: { ttlMs: 1000, max: 10 },
  } as const;

  it('keeps the in-process mode without Redis', () => {
    expect(createDurableInbound(config, null, undefined)).toBeNull();
  });

  it.each(['web', 'worker'] as const)('refuses ROLE=%s without Redis, saying what to do', (role) => {
    expect(() => createDurableInbound({ ...config, role }, null, undefined)).toThrow(
      new RoleNeedsRedisError(ROLE_NEEDS_REDIS(role)),
    );
  });
});
