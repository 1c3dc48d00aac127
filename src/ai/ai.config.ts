import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { HTTP_URL, validateEnv } from '../common/config/validate-env.js';

/** The OpenAI SDK's own default; any OpenAI-compatible server works if its URL ends with `/v1`. */
export const DEFAULT_OPENAI_BASE_URL = 'https://api.openai.com/v1';

/** Short answers in WhatsApp's own markup: its chat bubbles render neither Markdown headings nor tables. */
export const DEFAULT_AI_SYSTEM_PROMPT = [
  'You are a helpful assistant chatting with people on WhatsApp.',
  'Keep answers short: a few sentences, or a short list when that is clearer.',
  'Format only with WhatsApp markup: *bold*, _italic_, ~strikethrough~, ```monospace```,',
  'and lists starting with "- " or "1. ".',
  'Never use Markdown headings, tables or [text](url) links; write URLs plainly.',
  'Answer in the language the user writes in.',
].join(' ');

/**
 * Every question sends this much history at most: a bound on the cost of one call (and on the state stored per
 * user), whatever the configuration says.
 */
export const AI_HISTORY_MAX_CHARS_LIMIT = 50_000;

/** Above what current models can write in one answer; a typo like 5000000 fails at boot instead. */
const MAX_COMPLETION_TOKENS_LIMIT = 128_000;

class AiEnv {
  @IsOptional() @IsString() OPENAI_API_KEY?: string;
  @IsOptional() @IsUrl(HTTP_URL) OPENAI_BASE_URL?: string;
  @IsOptional() @IsString() OPENAI_MODEL?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(600_000) OPENAI_TIMEOUT_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(5) OPENAI_MAX_RETRIES?: number;
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_COMPLETION_TOKENS_LIMIT)
  OPENAI_MAX_COMPLETION_TOKENS?: number;
  @IsOptional() @IsString() AI_SYSTEM_PROMPT?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(100) AI_HISTORY_MAX_TURNS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(AI_HISTORY_MAX_CHARS_LIMIT) AI_HISTORY_MAX_CHARS?: number;
}

export const aiConfig = registerAs('ai', () => {
  const env = validateEnv(AiEnv);
  return {
    /** Unset → the not-configured adapter answers (AI chat says it is off). Never logged. */
    apiKey: env.OPENAI_API_KEY,
    baseUrl: env.OPENAI_BASE_URL ?? DEFAULT_OPENAI_BASE_URL,
    model: env.OPENAI_MODEL ?? 'gpt-4o-mini',
    /** Per attempt; the adapter also caps the whole call (attempts and backoff) so a user never waits forever. */
    timeoutMs: env.OPENAI_TIMEOUT_MS ?? 20_000,
    /** The SDK retries 408/409/429/5xx and connection errors; each retry makes the user wait longer. */
    maxRetries: env.OPENAI_MAX_RETRIES ?? 1,
    /** Sent with every call as `max_completion_tokens`: caps the cost (and length) of each answer. */
    maxCompletionTokens: env.OPENAI_MAX_COMPLETION_TOKENS ?? 500,
    systemPrompt: env.AI_SYSTEM_PROMPT ?? DEFAULT_AI_SYSTEM_PROMPT,
    /** Bounds on the earlier conversation sent with each question (see `trimHistory`). */
    history: {
      maxTurns: env.AI_HISTORY_MAX_TURNS ?? 10,
      maxChars: env.AI_HISTORY_MAX_CHARS ?? 6000,
    },
  };
});
