import { registerAs } from '@nestjs/config';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

/** Shortest ADMIN_TOKEN accepted: long enough that guessing it over HTTP is hopeless. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

class AdminEnv {
  @IsOptional() @IsString() @MinLength(MIN_ADMIN_TOKEN_LENGTH) ADMIN_TOKEN?: string;
}

export const adminConfig = registerAs('admin', () => ({
  /** Bearer token of the admin API; unset → the API answers 404. At least 32 characters. Never logged. */
  token: validateEnv(AdminEnv).ADMIN_TOKEN,
}));
