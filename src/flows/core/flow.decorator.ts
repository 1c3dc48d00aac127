import { Injectable } from '@nestjs/common';
import { INJECTABLE_WATERMARK } from '@nestjs/common/constants.js';
import { DiscoveryService } from '@nestjs/core';

/** How a flow presents itself to the dispatcher and the main menu. */
export interface FlowOptions {
  /** Unique id, used in session state and by `ctx.enter(id)`. Two flows with one id fail the boot. */
  readonly id: string;
  /**
   * When set, the main menu offers the flow under this title (a reply button: 20 characters at most). A `title`
   * key in the flow's texts, if any, replaces it in the user's language; typing either picks the flow.
   */
  readonly title?: string;
  /** Optional words that also start the flow from the menu (matched case-insensitively), e.g. `['Ask AI']`. */
  readonly aliases?: readonly string[];
  /** Shown under the title when the menu is a list (a `description` key in the flow's texts replaces it). */
  readonly description?: string;
  /** Menu position; lower comes first. */
  readonly menuOrder?: number;
  /** Marks the entry flow (the main menu) that handles users with no active flow. Exactly one is required. */
  readonly entry?: boolean;
}

/** Writes the flow metadata that the registry discovers; `Flow` adds `@Injectable()` to it. */
export const FlowMetadata = DiscoveryService.createDecorator<FlowOptions>();

/**
 * Marks a class as a conversation flow and makes it a provider (no `@Injectable()` needed). The registry
 * discovers every marked provider at boot, in any module, so a team adds a flow by listing its module in
 * `src/flows/flows.ts`, without touching the core.
 */
export function Flow(options: FlowOptions): ClassDecorator {
  return (target) => {
    FlowMetadata(options)(target);
    // An explicit @Injectable({ scope }) above or below wins: the registry then refuses the scope at boot.
    if (!Reflect.hasMetadata(INJECTABLE_WATERMARK, target)) Injectable()(target);
  };
}
