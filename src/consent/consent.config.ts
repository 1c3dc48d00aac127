import { registerAs } from '@nestjs/config';
import { IsOptional, Matches } from 'class-validator';
import { AppError } from '../common/errors/app.error.js';
import { validateEnv } from '../common/config/validate-env.js';
import { CONSENT_WORD_CLASH } from '../common/errors/error-messages.js';

/** A comma-separated list of single words or short phrases (letters, digits, spaces). */
const WORD_LIST = /^\s*[\p{L}\p{N} ]+(\s*,\s*[\p{L}\p{N} ]+)*\s*$/u;

class ConsentEnv {
  @IsOptional() @Matches(WORD_LIST) OPT_OUT_WORDS?: string;
  @IsOptional() @Matches(WORD_LIST) OPT_IN_WORDS?: string;
}

export class ConsentWordClashError extends AppError {
  readonly code = 'CONFIG.CONSENT_WORD_CLASH';
}

export interface ConsentSettings {
  /** Whole messages that opt a user out of marketing, lowercase (default `stop`, `unsubscribe`). */
  readonly optOutWords: readonly string[];
  /** Whole messages that opt a user back in, lowercase (default `start`); the first is named in confirmations. */
  readonly optInWords: readonly string[];
}

const wordsOf = (list: string) =>
  list
    .split(',')
    .map((word) => word.trim().toLowerCase())
    .filter((word) => word !== '');

export function loadConsentConfig(env: Record<string, string | undefined>): ConsentSettings {
  const valid = validateEnv(ConsentEnv, env);
  const optOutWords = wordsOf(valid.OPT_OUT_WORDS ?? 'STOP,UNSUBSCRIBE');
  const optInWords = wordsOf(valid.OPT_IN_WORDS ?? 'START');
  const clash = optOutWords.filter((word) => optInWords.includes(word));
  if (clash.length > 0) throw new ConsentWordClashError(CONSENT_WORD_CLASH(clash));
  return { optOutWords, optInWords };
}

export const consentConfig = registerAs('consent', () => loadConsentConfig(process.env));
