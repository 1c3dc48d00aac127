import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { maskPhone } from '../common/logging/mask-phone.js';
import type { Language } from '../flows/core/index.js';
import { isLanguage } from '../flows/core/languages.js';
import { languageConfig } from '../flows/core/language.config.js';
import { ConsentStore, type ConsentRecord } from '../state/consent-store.port.js';
import { UserPreferencesStore } from '../state/user-preferences-store.port.js';
import { WhatsAppClient } from '../whatsapp/whatsapp.client.js';
import { consentKeywordOf } from './consent-keyword.js';
import { consentConfig } from './consent.config.js';
import { CONSENT_TEXTS } from './consent.texts.js';

/** A user's marketing consent as the API shows it; users who never answered are opted in. */
export interface MarketingConsent {
  readonly marketing: ConsentRecord['marketing'];
  readonly updatedAt: string | null;
}

/**
 * Marketing consent. A user who sends an opt-out word (OPT_OUT_WORDS, default STOP / UNSUBSCRIBE; the whole
 * message, any case) is opted out of marketing notifications and told how to come back; an opt-in word (OPT_IN_WORDS,
 * default START) reverses it. The inbound processor asks `handleKeyword` first, before flows and the flood guard,
 * so the words work in any flow. Records never expire (see `ConsentStore`).
 */
@Injectable()
export class ConsentService {
  private readonly logger = new Logger(ConsentService.name);

  constructor(
    private readonly store: ConsentStore,
    private readonly preferences: UserPreferencesStore,
    private readonly whatsapp: WhatsAppClient,
    @Inject(consentConfig.KEY) private readonly config: ConfigType<typeof consentConfig>,
    @Inject(languageConfig.KEY) private readonly language: ConfigType<typeof languageConfig>,
  ) {}

  /** Whether `text` is an opt-out or opt-in word (so the caller skips the flows). */
  isKeyword(text: string | undefined): boolean {
    return consentKeywordOf(text, this.config) !== undefined;
  }

  /**
   * Handles `text` when it is a consent word: records the answer and confirms it (saying "already" when nothing
   * changed). Resolves false, doing nothing, for any other text.
   */
  async handleKeyword(waId: string, text: string | undefined): Promise<boolean> {
    const keyword = consentKeywordOf(text, this.config);
    if (keyword === undefined) return false;
    const wanted: ConsentRecord['marketing'] = keyword === 'opt-out' ? 'opted_out' : 'opted_in';
    const current = (await this.store.read(waId))?.marketing ?? 'opted_in';
    const already = current === wanted;
    if (!already) await this.store.write(waId, { marketing: wanted, updatedAt: new Date().toISOString() });
    this.logger.log({ waId: maskPhone(waId), marketing: wanted, changed: !already }, 'marketing consent answered');
    const texts = CONSENT_TEXTS[await this.languageOf(waId)];
    const optIn = this.config.optInWords[0]?.toUpperCase() ?? 'START';
    const optOut = this.config.optOutWords[0]?.toUpperCase() ?? 'STOP';
    const reply =
      wanted === 'opted_out'
        ? (already ? texts.alreadyOptedOut : texts.optedOut)(optIn)
        : (already ? texts.alreadyOptedIn : texts.optedIn)(optOut);
    await this.whatsapp.sendText(waId, reply);
    return true;
  }

  async marketingConsent(waId: string): Promise<MarketingConsent> {
    const record = await this.store.read(waId);
    return { marketing: record?.marketing ?? 'opted_in', updatedAt: record?.updatedAt ?? null };
  }

  async isOptedOut(waId: string): Promise<boolean> {
    return (await this.store.read(waId))?.marketing === 'opted_out';
  }

  private async languageOf(waId: string): Promise<Language> {
    const chosen = (await this.preferences.read(waId))?.language;
    return isLanguage(chosen) ? chosen : this.language.defaultLanguage;
  }
}
