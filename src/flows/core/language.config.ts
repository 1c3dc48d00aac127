import { registerAs } from '@nestjs/config';
import { IsIn, IsOptional } from 'class-validator';
import { validateEnv } from '../../common/config/validate-env.js';
import { LANGUAGES, type Language } from './languages.js';

class LanguageEnv {
  @IsOptional() @IsIn(LANGUAGES) DEFAULT_LANGUAGE?: Language;
}

export const languageConfig = registerAs('language', () => {
  const env = validateEnv(LanguageEnv);
  return {
    /** The language of users who never chose one with the `language` command. An unknown code fails the boot. */
    defaultLanguage: env.DEFAULT_LANGUAGE ?? 'en',
  };
});
