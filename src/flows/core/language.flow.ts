import { ConversationFlow, type EmptyState } from './conversation-flow.js';
import { CORE_TEXTS } from './core.texts.js';
import { Flow } from './flow.decorator.js';
import { chosenLanguage, languageChoices } from './language-choice.js';
import { LANGUAGE_NAMES } from './languages.js';

/** The id the `language` command enters. */
export const LANGUAGE_FLOW_ID = 'language';

/**
 * The `language` command: lists the catalogs, stores the one the user taps or types (with the user, so it
 * outlives the conversation) and confirms in the new language. Part of the core, so every bot has it.
 */
@Flow({ id: LANGUAGE_FLOW_ID })
export class LanguageFlow extends ConversationFlow<EmptyState, typeof CORE_TEXTS> {
  readonly texts = CORE_TEXTS;

  readonly steps = this.define({
    start: (ctx) => ctx.goTo('choose'),
    choose: {
      ask: (ctx) => ctx.reply.choices(ctx.t('chooseLanguage'), languageChoices()),
      answer: async (ctx) => {
        const language = chosenLanguage(ctx.buttonId, ctx.text);
        if (!language) return ctx.goTo('choose'); // asks again
        await ctx.setLanguage(language);
        await ctx.leave(ctx.t('languageSet', LANGUAGE_NAMES[language]));
      },
    },
  });
}
