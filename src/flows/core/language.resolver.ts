import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { UserPreferencesStore } from '../../state/user-preferences-store.port.js';
import { languageConfig } from './language.config.js';
import { isLanguage, type Language } from './languages.js';

/**
 * Picks each user's language: their explicit choice (stored with the user, so it outlives the conversation),
 * else DEFAULT_LANGUAGE. A stored code that is no longer a catalog (a language was removed) falls back too.
 */
@Injectable()
export class LanguageResolver {
  constructor(
    private readonly preferences: UserPreferencesStore,
    @Inject(languageConfig.KEY) private readonly config: ConfigType<typeof languageConfig>,
  ) {}

  async languageOf(waId: string): Promise<Language> {
    const chosen = (await this.preferences.read(waId))?.language;
    return isLanguage(chosen) ? chosen : this.config.defaultLanguage;
  }

  /** Stores the user's choice, keeping their other preferences. */
  async choose(waId: string, language: Language): Promise<void> {
    const current = await this.preferences.read(waId);
    await this.preferences.write(waId, { ...current, language });
  }
}
