import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { ConversationFlow } from './conversation-flow.js';
import { Flow, type FlowOptions } from './flow.decorator.js';
import { FlowRegistrationError, UnknownFlowError } from './flow.errors.js';

/** A discovered flow: its options and its singleton instance. */
export interface RegisteredFlow {
  readonly options: FlowOptions;
  readonly flow: ConversationFlow<string, object>;
  readonly className: string;
}

/**
 * Finds every `@Flow` provider once at boot. Duplicate ids, scoped providers, malformed flows and a missing
 * (or second) entry flow fail the boot: a flow that silently never runs is worse than a crash at startup.
 */
@Injectable()
export class FlowRegistry implements OnModuleInit {
  private readonly logger = new Logger(FlowRegistry.name);
  private readonly flows = new Map<string, RegisteredFlow>();
  private entryFlow: RegisteredFlow | undefined;
  /** Computed once: flows never change after boot, and the menu is read on every menu message. */
  private menu: readonly RegisteredFlow[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: Flow.KEY })) {
      const options = this.discovery.getMetadataByDecorator(Flow, wrapper);
      if (!options) continue;
      const className = wrapper.metatype?.name ?? String(wrapper.name);
      if (!wrapper.isDependencyTreeStatic()) throw FlowRegistrationError.nonStatic(options.id, className);
      const instance = wrapper.instance as Partial<ConversationFlow<string, object>> | undefined;
      if (typeof instance?.start !== 'function' || typeof instance.steps !== 'object' || instance.steps === null) {
        throw FlowRegistrationError.invalidShape(options.id, className);
      }
      const existing = this.flows.get(options.id);
      // A module imported twice yields the same instance twice: that is not a duplicate.
      if (existing && existing.flow === instance) continue;
      if (existing) throw FlowRegistrationError.duplicateId(options.id, existing.className, className);
      this.flows.set(options.id, { options, flow: instance as ConversationFlow<string, object>, className });
    }
    const entries = [...this.flows.values()].filter((registered) => registered.options.entry);
    if (entries.length !== 1) throw FlowRegistrationError.entryCount(entries.map((e) => e.options.id));
    this.entryFlow = entries[0];
    this.menu = [...this.flows.values()]
      .filter((registered) => registered.options.title && !registered.options.entry)
      .sort((a, b) => (a.options.menuOrder ?? 100) - (b.options.menuOrder ?? 100));
    this.logger.log({ flows: [...this.flows.keys()], entry: this.entryFlow.options.id }, 'flows registered');
  }

  get entry(): RegisteredFlow {
    if (!this.entryFlow) throw FlowRegistrationError.entryCount([]);
    return this.entryFlow;
  }

  get(id: string): RegisteredFlow {
    const registered = this.flows.get(id);
    if (!registered) throw new UnknownFlowError(id);
    return registered;
  }

  has(id: string): boolean {
    return this.flows.has(id);
  }

  /** Flows offered by the main menu, in menu order (then registration order). */
  menuEntries(): readonly RegisteredFlow[] {
    return this.menu;
  }
}
