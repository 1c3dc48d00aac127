import { Injectable } from '@nestjs/common';
import { WHATSAPP_LIMITS } from '../../whatsapp/outbound-message.builders.js';
import { Flow, FlowRegistry, type ConversationFlow, type FlowContext, type FlowSteps } from '../core/index.js';
import { MAIN_MENU_TEXT } from './main-menu.texts.js';
import { chosenFlow, menuOptionId } from './menu-choice.js';

type Step = 'choose';
type MenuState = Record<string, never>;

/**
 * The entry flow: greets the user and offers every flow registered with a `title`, as reply buttons or,
 * beyond three, as a list. Tapping an option or typing its title starts that flow.
 */
@Injectable()
@Flow({ id: 'main-menu', entry: true })
export class MainMenuFlow implements ConversationFlow<Step, MenuState> {
  constructor(private readonly registry: FlowRegistry) {}

  async start(ctx: FlowContext<Step, MenuState>): Promise<void> {
    // A first message that already names an option ("register") goes straight there.
    if (await this.enterChosen(ctx)) return;
    await this.showMenu(ctx);
    ctx.goTo('choose');
  }

  readonly steps: FlowSteps<Step, MenuState> = {
    choose: async (ctx) => {
      if (await this.enterChosen(ctx)) return;
      await this.showMenu(ctx);
    },
  };

  private async enterChosen(ctx: FlowContext<Step, MenuState>): Promise<boolean> {
    const chosen = chosenFlow(this.registry.menuEntries(), ctx.buttonId, ctx.text);
    if (!chosen) return false;
    await ctx.enter(chosen.options.id);
    return true;
  }

  private async showMenu(ctx: FlowContext<Step, MenuState>): Promise<void> {
    const entries = this.registry.menuEntries();
    const greeting = MAIN_MENU_TEXT.greeting(ctx.profileName);
    const options = entries.map((entry) => ({
      id: menuOptionId(entry.options.id),
      title: entry.options.title as string,
      description: entry.options.description,
    }));
    if (options.length <= WHATSAPP_LIMITS.buttonsMax) {
      await ctx.reply.buttons(
        greeting,
        options.map(({ id, title }) => ({ id, title })),
        { footer: MAIN_MENU_TEXT.footer },
      );
      return;
    }
    await ctx.reply.list(greeting, MAIN_MENU_TEXT.listButton, [{ rows: options.slice(0, WHATSAPP_LIMITS.listRows) }], {
      footer: MAIN_MENU_TEXT.footer,
    });
  }
}
