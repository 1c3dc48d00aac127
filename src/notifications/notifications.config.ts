import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

class NotificationsEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3650) NOTIFICATION_TTL_DAYS?: number;
}

export const notificationsConfig = registerAs('notifications', () => {
  const env = validateEnv(NotificationsEnv);
  return {
    /** How long a notification (and the index from its wamid) is kept, so GET and status updates find it. */
    ttlSeconds: (env.NOTIFICATION_TTL_DAYS ?? 30) * 24 * 3600,
    /** How long an idempotency key answers with the first notification's id. */
    idempotencyTtlSeconds: 24 * 3600,
  };
});
