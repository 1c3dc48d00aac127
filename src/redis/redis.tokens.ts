/** The shared ioredis client, or `null` when REDIS_URL is unset (in-process mode). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
