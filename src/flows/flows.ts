import { AiChatModule } from './ai-chat/ai-chat.module.js';
import type { FlowListEntry } from './flow-list.js';
import { MainMenuModule } from './main-menu/main-menu.module.js';
import { RegisterModule } from './register/register.module.js';

/**
 * Every flow of the bot, built-in and your own: add yours here, and nowhere else. An entry is a flow class
 * (`@Flow`, its ports injected from the global modules) or a module, when the flow brings providers of its own.
 * The core finds each flow at boot; the menu orders them by `menuOrder`; exactly one is the entry (the main menu).
 */
export const FLOWS: readonly FlowListEntry[] = [MainMenuModule, RegisterModule, AiChatModule];
