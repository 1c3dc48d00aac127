import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { UserRef } from '../../common/user-ref.js';
import { maskPhone } from '../../common/logging/mask-phone.js';
import type { ConversationState } from '../../state/conversation-state.js';
import { ConversationStore } from '../../state/conversation-store.port.js';
import { WhatsAppClient } from '../../whatsapp/whatsapp.client.js';
import { WindowService } from '../../window/window.service.js';
import { FlowRegistry } from './flow.registry.js';
import { InProcessStepTimers } from './in-process-step-timers.adapter.js';
import { LanguageResolver } from './language.resolver.js';
import { timeoutSchedule, type StepTimeout } from './step-timeout.js';
import { StepTimers, type StepTimer } from './step-timers.port.js';
import { translate } from './texts.js';

/**
 * Step timeouts (`timeouts` beside a flow's `steps`): after each message the dispatcher schedules the timers of the
 * user's step, and cancels them when the next message comes. A timer that fires re-reads the state and acts only
 * if it still has the timer's version, flow and step: it sends the reminder (while the 24-hour window is open,
 * else it logs and skips it), or ends the flow with the expiry text.
 *
 * Messages and timers of one user never overlap: in this process a turn waits for a firing underway and drops
 * timers that fire meanwhile; across processes the BullMQ adapter fires under the user's lock. The timers come from
 * the `StepTimers` provider of the app (BullMQ with REDIS_URL), else from this process.
 */
@Injectable()
export class StepTimeouts implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StepTimeouts.name);
  private timers: StepTimers = new InProcessStepTimers();
  /** Users with a message being handled here, and how many (inbound orders them, but a caller may not). */
  private readonly turns = new Map<UserRef, number>();
  private readonly firing = new Map<UserRef, Promise<void>>();

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly registry: FlowRegistry,
    private readonly store: ConversationStore,
    private readonly whatsapp: WhatsAppClient,
    private readonly window: WindowService,
    private readonly languages: LanguageResolver,
  ) {}

  onModuleInit(): void {
    // Provided by the inbound module when REDIS_URL is set (it owns per-user order); the flow harness has none.
    const provided = this.providedTimers();
    if (provided) this.timers = provided;
  }

  onApplicationBootstrap(): void {
    this.timers.start((timer) => this.fire(timer));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.timers.stop();
  }

  /** Runs the handling of one message of `user`: a firing underway finishes first, and none starts meanwhile. */
  async turn<T>(user: UserRef, work: () => Promise<T>): Promise<T> {
    this.turns.set(user, (this.turns.get(user) ?? 0) + 1);
    try {
      await this.firing.get(user);
      return await work();
    } finally {
      const left = (this.turns.get(user) ?? 1) - 1;
      if (left > 0) this.turns.set(user, left);
      else this.turns.delete(user);
    }
  }

  /** Drops the timers of the stored state: the user spoke, so their silence ended. */
  async cancel(user: UserRef, state: ConversationState | undefined): Promise<void> {
    await Promise.all(this.timersOf(user, state).map(({ timer }) => this.timers.cancel(timer)));
  }

  /** Starts the silence of the user's current step: its reminders and expiry, counted from now. */
  async schedule(user: UserRef, state: ConversationState | undefined): Promise<void> {
    await Promise.all(this.timersOf(user, state).map(({ timer, afterMs }) => this.timers.schedule(timer, afterMs)));
  }

  /** A message that is no answer (a reaction): the step stays, and its silence starts again. */
  async restart(user: UserRef): Promise<void> {
    const state = await this.store.read(user);
    await this.cancel(user, state);
    await this.schedule(user, state);
  }

  /** Resolves once every firing underway in this process is done (the flow harness waits for it). */
  async idle(): Promise<void> {
    await Promise.all(this.firing.values());
  }

  /** Acts on a due timer, unless the user has moved on. Never throws: a failure is logged, like a failed step. */
  async fire(timer: StepTimer): Promise<void> {
    const { user } = timer;
    // A message of this user is being handled: the timer belongs to the state that message replaces.
    if (this.turns.has(user)) return;
    const firing = (this.firing.get(user) ?? Promise.resolve())
      .then(() => this.act(timer))
      .catch((error: unknown) => {
        this.logger.error({ err: error, waId: maskPhone(user), event: timer.event.kind }, 'step timeout failed');
      });
    this.firing.set(user, firing);
    await firing;
    if (this.firing.get(user) === firing) this.firing.delete(user);
  }

  private async act(timer: StepTimer): Promise<void> {
    const { user, event } = timer;
    const state = await this.store.read(user);
    const timeout = this.timeoutOf(state);
    const current =
      state?.version === timer.version && state.flowId === timer.flowId && state.step === timer.step && timeout;
    const log = { waId: maskPhone(user), flow: timer.flowId, step: timer.step, event: event.kind };
    if (!current) {
      this.logger.debug(log, 'step timeout dropped: the user moved on');
      return;
    }
    if (event.kind === 'expire') {
      // The state goes first: if the text cannot be sent, the user still starts at the menu.
      await this.store.delete(user);
      this.logger.log(log, 'flow expired after silence');
    }
    const key = event.kind === 'expire' ? timeout.expiry : timeout.reminder;
    if (key === undefined) return;
    // Outside the window Graph refuses free-form text (131047): skip it rather than fail.
    if (!(await this.window.isOpen(user))) {
      this.logger.log(log, 'step timeout text skipped: the 24-hour window is closed');
      return;
    }
    const texts = this.registry.get(timer.flowId).flow.texts;
    if (!texts) return;
    await this.whatsapp.sendText(user, translate(texts, await this.languages.languageOf(user), key, []));
    if (event.kind === 'remind') this.logger.log({ ...log, number: event.number }, 'reminder sent');
  }

  private providedTimers(): StepTimers | null {
    try {
      return this.moduleRef.get(StepTimers, { strict: false });
    } catch {
      return null; // no module provides one
    }
  }

  /** The timeout the state's step declares, if its flow still exists and declares one. */
  private timeoutOf(state: ConversationState | undefined): StepTimeout | undefined {
    if (state?.flowId === undefined || state.step === undefined || !this.registry.has(state.flowId)) return undefined;
    return this.registry.get(state.flowId).flow.timeouts?.[state.step];
  }

  private timersOf(user: UserRef, state: ConversationState | undefined) {
    const timeout = this.timeoutOf(state);
    if (!timeout || state?.flowId === undefined || state.step === undefined) return [];
    const { flowId, step, version = 0 } = state;
    return timeoutSchedule(timeout).map(({ event, afterMs }) => ({
      timer: { user, version, flowId, step, event } satisfies StepTimer,
      afterMs,
    }));
  }
}
