import { registerAs } from '@nestjs/config';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

class AdminEnv {
  @IsOptional() @IsString() @MinLength(16) ADMIN_TOKEN?: string;
}

export const adminConfig = registerAs('admin', () => {
  const env = validateEnv(AdminEnv);
  return {
    /** Bearer token of the admin API; unset → the API answers 404. At least 16 characters. Never logged. */
    token: env.ADMIN_TOKEN,
  };
});
