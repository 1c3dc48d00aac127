import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { RuntimeSteps } from './flow-step.js';
import type { FlowTimeouts } from './step-timeout.js';
import { FlowMetadata, type FlowOptions } from './flow.decorator.js';
import { FlowRegistrationError, UnknownFlowError } from './flow.errors.js';
import type { Catalogs } from './texts.js';

/** A flow definition as the dispatcher reads it: its steps, and its texts when it has any. */
export interface RuntimeFlow {
  readonly steps: RuntimeSteps;
  readonly texts?: Catalogs;
  readonly enabled?: boolean;
  readonly timeouts?: FlowTimeouts;
}

/** A discovered flow: its options and its singleton instance. */
export interface RegisteredFlow {
  readonly options: FlowOptions;
  readonly flow: RuntimeFlow;
  readonly className: string;
}

/** Whether `instance` has the shape of a flow: a steps object with a `start` handler, every step well formed. */
function isFlow(instance: unknown): instance is RuntimeFlow {
  const steps = (instance as Partial<RuntimeFlow> | undefined)?.steps;
  if (typeof steps !== 'object' || steps === null || typeof steps.start !== 'function') return false;
  return Object.values(steps).every(
    (step) => typeof step === 'function' || (typeof step === 'object' && typeof step.answer === 'function'),
  );
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
    for (const wrapper of this.discovery.getProviders({ metadataKey: FlowMetadata.KEY })) {
      const options = this.discovery.getMetadataByDecorator(FlowMetadata, wrapper);
      if (!options) continue;
      const className = wrapper.metatype?.name ?? String(wrapper.name);
      // A transient flow has no instance of its own here, and a request-scoped one none at boot: both never run.
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        throw FlowRegistrationError.nonStatic(options.id, className);
      }
      const instance: unknown = wrapper.instance;
      if (!isFlow(instance)) throw FlowRegistrationError.invalidShape(options.id, className);
      // A timeout on a step that does not exist would silently never run.
      const strayTimeout = Object.keys(instance.timeouts ?? {}).find((step) => !Object.hasOwn(instance.steps, step));
      if (strayTimeout !== undefined) throw FlowRegistrationError.unknownTimeoutStep(options.id, strayTimeout);
      const existing = this.flows.get(options.id);
      // A module imported twice yields the same instance twice: that is not a duplicate.
      if (existing && existing.flow === instance) continue;
      if (existing) throw FlowRegistrationError.duplicateId(options.id, existing.className, className);
      this.flows.set(options.id, { options, flow: instance, className });
    }
    const entries = [...this.flows.values()].filter((registered) => registered.options.entry);
    if (entries.length !== 1) throw FlowRegistrationError.entryCount(entries.map((e) => e.options.id));
    this.entryFlow = entries[0];
    // `enabled` is read here, once: a flow whose service is off (AI without a key) stays out of the menu.
    this.menu = [...this.flows.values()]
      .filter(({ options, flow }) => options.title && !options.entry && flow.enabled !== false)
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
