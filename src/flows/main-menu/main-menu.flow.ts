import { ConversationFlow, Flow, FlowRegistry, type EmptyState, type StepContext } from '../core/index.js';
import { MAIN_MENU_TEXTS } from './main-menu.texts.js';
import { chosenFlow, menuChoices } from './menu-choice.js';

type Ctx = StepContext<EmptyState, typeof MAIN_MENU_TEXTS>;

/**
 * The entry flow: greets the user and offers every enabled flow registered with a `title`, in the user's
 * language (`reply.choices`: buttons up to three, a list beyond). Tapping an option or typing its title starts it.
 */
@Flow({ id: 'main-menu', entry: true })
export class MainMenuFlow extends ConversationFlow<EmptyState, typeof MAIN_MENU_TEXTS> {
  readonly texts = MAIN_MENU_TEXTS;

  constructor(private readonly registry: FlowRegistry) {
    super();
  }

  readonly steps = this.define({
    // A first message that already names an option ("register") goes straight there.
    start: async (ctx) => {
      if (!(await this.enterChosen(ctx))) ctx.goTo('choose');
    },
    choose: {
      ask: (ctx) =>
        ctx.reply.choices(ctx.t('greeting', ctx.profileName), menuChoices(this.registry.menuEntries(), ctx.language), {
          footer: ctx.t('footer'),
        }),
      answer: async (ctx) => {
        if (!(await this.enterChosen(ctx))) ctx.goTo('choose'); // anything else shows the menu again
      },
    },
  });

  private async enterChosen(ctx: Ctx): Promise<boolean> {
    const chosen = chosenFlow(this.registry.menuEntries(), ctx.buttonId, ctx.text);
    if (chosen) await ctx.enter(chosen.options.id);
    return chosen !== undefined;
  }
}
