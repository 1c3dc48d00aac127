import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, MaxLength, Min, MinLength } from 'class-validator';
import { InvalidEnvironmentError, validateEnv } from './validate-env.js';

class SampleEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) PORT?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) COUNT?: number;
  @IsOptional() @IsIn(['json', 'pretty']) LOG_FORMAT?: string;
  @IsOptional() @IsString() @MinLength(32) ADMIN_TOKEN?: string;
  @IsOptional() @IsString() @MaxLength(5) SHORT?: string;
  @IsOptional() @IsUrl({ require_tld: false, require_protocol: true }) REDIS_URL?: string;
}

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    validateEnv(SampleEnv, env);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateEnv', () => {
  it('says what each bad variable must be, in words, one sentence per variable', () => {
    expect(problemsOf({ PORT: 'abc', COUNT: '0', LOG_FORMAT: 'xml', SHORT: 'toolong' })).toEqual([
      'PORT must be an integer from 1 to 65535 (got "abc")',
      'COUNT must be an integer of at least 1 (got "0")',
      'LOG_FORMAT must be one of json, pretty (got "xml")',
      'SHORT must be at most 5 characters long (got "toolong")',
    ]);
  });

  it('never quotes a value that may be a secret, or a URL with credentials', () => {
    const problems = problemsOf({ ADMIN_TOKEN: 'short-secret', REDIS_URL: 'redis://:hunter2@' });
    expect(problems).toEqual([
      'ADMIN_TOKEN must be at least 32 characters long',
      'REDIS_URL must be an http(s) URL with its scheme, e.g. https://example.com',
    ]);
    expect(problems.join('\n')).not.toMatch(/short-secret|hunter2/);
  });

  it('returns typed values and treats empty strings as unset', () => {
    expect(validateEnv(SampleEnv, { PORT: '8080', LOG_FORMAT: '' })).toMatchObject({
      PORT: 8080,
      LOG_FORMAT: undefined,
    });
  });
});
