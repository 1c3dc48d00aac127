import { DiscoveryService } from '@nestjs/core';

/** How a flow presents itself to the dispatcher and the main menu. */
export interface FlowOptions {
  /** Unique id, used in session state and by `ctx.enter(id)`. Two flows with one id fail the boot. */
  readonly id: string;
  /** When set, the main menu offers the flow under this title (a reply button: 20 characters at most). */
  readonly title?: string;
  /** Optional words that also start the flow from the menu (matched case-insensitively), e.g. `['Ask AI']`. */
  readonly aliases?: readonly string[];
  /** Shown under the title when the menu is a list. */
  readonly description?: string;
  /** Menu position; lower comes first. */
  readonly menuOrder?: number;
  /** Marks the entry flow (the main menu) that handles users with no active flow. Exactly one is required. */
  readonly entry?: boolean;
}

/**
 * Marks an `@Injectable()` class as a conversation flow. The flows module discovers every marked provider
 * at boot (in any module), so a team adds a flow by adding a module, without touching the core.
 */
export const Flow = DiscoveryService.createDecorator<FlowOptions>();
