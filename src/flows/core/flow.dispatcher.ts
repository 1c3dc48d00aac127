import { Injectable, Logger, Optional } from '@nestjs/common';
import { AppError } from '../../common/errors/app.error.js';
import { STEP_ASK_LOOP } from '../../common/errors/error-messages.js';
import { userRefOf, type UserRef } from '../../common/user-ref.js';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { Metrics } from '../../metrics/metrics.js';
import { ConversationStore } from '../../state/conversation-store.port.js';
import { inSpan, SPAN } from '../../tracing/spans.js';
import type { InboundMessage, InboundMessageType } from '../../whatsapp/inbound-message.js';
import { MediaGateway } from '../../whatsapp/media-gateway.port.js';
import { WhatsAppClient } from '../../whatsapp/whatsapp.client.js';
import { CORE_TEXTS } from './core.texts.js';
import { ConversationRun } from './conversation-run.js';
import { createFlowContext, type Turn } from './flow-context.factory.js';
import { answerOf } from './flow-step.js';
import { FlowRegistry, type RegisteredFlow } from './flow.registry.js';
import { globalCommandOf } from './global-commands.js';
import { inboundMediaOf, mediaUploaderFor } from './inbound-media.js';
import { textOf } from './inbound-text.js';
import { LanguageResolver } from './language.resolver.js';
import { LANGUAGE_FLOW_ID } from './language.flow.js';
import { createReplyApi } from './reply-api.js';
import { StepTimeouts } from './step-timeouts.service.js';
import { translate } from './texts.js';

/** Message types that flows read; anything else where a step does not `accepts` it is politely re-asked. */
const READABLE_TYPES: ReadonlySet<InboundMessageType> = new Set(['text', 'interactive', 'button']);
/** Message types that never get an answer. */
const SILENT_TYPES: ReadonlySet<InboundMessageType> = new Set(['reaction', 'system']);
/** Steps one message may move through, asking at each: beyond it an `ask` that calls `goTo` is looping. */
const MAX_ASKS_PER_MESSAGE = 10;

/** A step's `ask` kept moving the user on within one message. */
export class StepAskLoopError extends AppError {
  readonly code = 'FLOWS.STEP_ASK_LOOP';
}

/**
 * Routes each inbound message: global commands first (`cancel`, `menu`, `language`), then the user's active
 * flow step, else the entry flow (the main menu). A step that the user moves to with `goTo` asks its question
 * in the same message. It is also the error boundary: a failing step is logged, the user gets a short apology
 * in their language, and the state is left as it was before the message.
 *
 * Callers must not dispatch two messages of one user at once (the inbound queue orders them per wa_id,
 * the same key as the conversation store), or reads and writes of the state would interleave.
 */
@Injectable()
export class FlowDispatcher {
  private readonly logger = new Logger(FlowDispatcher.name);
  private readonly metrics: Metrics;

  constructor(
    private readonly registry: FlowRegistry,
    private readonly store: ConversationStore,
    private readonly whatsapp: WhatsAppClient,
    private readonly languages: LanguageResolver,
    private readonly media: MediaGateway,
    private readonly stepTimeouts: StepTimeouts,
    // Global in the app (MetricsModule); the flow test harness runs without it.
    @Optional() metrics?: Metrics,
  ) {
    this.metrics = metrics ?? new Metrics();
  }

  async dispatch(message: InboundMessage): Promise<void> {
    const user = userRefOf(message);
    if (!user) return;
    // A message ends the user's silence: no step timeout of theirs acts while it is handled.
    await this.stepTimeouts.turn(user, () => this.handle(user, message));
  }

  private async handle(user: UserRef, message: InboundMessage): Promise<void> {
    if (SILENT_TYPES.has(message.type)) return this.stepTimeouts.restart(user);
    const [stored, language] = await Promise.all([this.store.read(user), this.languages.languageOf(user)]);
    await this.stepTimeouts.cancel(user, stored);
    const turn: Turn = {
      message,
      user,
      run: new ConversationRun(stored),
      reply: createReplyApi(this.whatsapp, user, message.id, () => turn.language),
      // Nothing is fetched here: `ctx.media.download()` does it, so steps that ignore the file cost no request.
      media: inboundMediaOf(message, this.media),
      uploadMedia: mediaUploaderFor(user, this.media),
      language,
    };
    try {
      await this.route(turn);
      await this.askWhereMoved(turn);
    } catch (error) {
      // No write-back: the state stays as it was before this message, so the user can simply retry.
      this.logger.error(
        { err: error, waId: maskPhone(user), messageId: message.id, flow: turn.run.flowId, step: turn.run.step },
        'flow step failed',
      );
      await turn.reply.text(this.coreText(turn, 'apology')).catch((replyError: unknown) => {
        this.logger.error({ err: replyError, waId: maskPhone(user) }, 'apology could not be sent');
      });
      // The user stays where they were, and so does the silence of that step, counted from now.
      await this.stepTimeouts.schedule(user, stored);
      return;
    }
    const state = turn.run.isEmpty ? undefined : turn.run.toState();
    if (state) await this.store.write(user, state);
    else await this.store.delete(user);
    // After the write: a timer that fires now finds the version it was scheduled with.
    await this.stepTimeouts.schedule(user, state);
  }

  private async route(turn: Turn): Promise<void> {
    const { run, message, reply } = turn;
    const command = globalCommandOf(textOf(message));
    if (command === 'cancel') {
      const inFlow = run.flowId !== undefined && run.flowId !== this.registry.entry.options.id;
      run.reset();
      return reply.text(this.coreText(turn, inFlow ? 'cancelled' : 'nothingToCancel'));
    }
    if (command === 'menu' || command === 'language') {
      run.reset();
      return this.start(turn, command === 'menu' ? this.registry.entry : this.registry.get(LANGUAGE_FLOW_ID));
    }

    const active =
      run.flowId !== undefined && this.registry.has(run.flowId) ? this.registry.get(run.flowId) : undefined;
    const step = active && run.step !== undefined ? active.flow.steps[run.step] : undefined;
    const accepted = typeof step === 'object' && step.accepts?.includes(message.type);
    if (!READABLE_TYPES.has(message.type) && !accepted) return reply.text(this.coreText(turn, 'askForText'));
    if (!active || !step) {
      // No flow, or a state left by a flow or step that no longer exists (e.g. after a deploy).
      run.reset();
      return this.start(turn, this.registry.entry);
    }
    const at = run.step;
    await this.runStep(active, at, () => answerOf(step)(this.contextFor(turn, active)));
    // An answer that left the user where they were counts as an attempt (a form re-asks, then gives up).
    if (!run.moved && run.flowId === active.options.id && run.step === at) run.attempts += 1;
  }

  /** Enters `target` with a fresh state and runs its `start`. */
  private async start(turn: Turn, target: RegisteredFlow): Promise<void> {
    turn.run.enter(target.options.id);
    await this.runStep(target, 'start', () => target.flow.steps.start(this.contextFor(turn, target)));
    this.endIfFinished(turn.run, target);
  }

  /** A step the user was moved to asks its question now, in the same message; its `ask` may move on again. */
  private async askWhereMoved(turn: Turn): Promise<void> {
    const { run } = turn;
    for (let asks = 0; run.moved; asks++) {
      run.moved = false;
      const flow = run.flowId !== undefined ? this.registry.get(run.flowId) : undefined;
      const step = flow && run.step !== undefined ? flow.flow.steps[run.step] : undefined;
      if (!flow || typeof step !== 'object' || !step.ask) return;
      if (asks >= MAX_ASKS_PER_MESSAGE)
        throw new StepAskLoopError(STEP_ASK_LOOP(flow.options.id, run.step ?? '', asks));
      await this.runStep(flow, run.step, () => step.ask?.(this.contextFor(turn, flow)));
    }
  }

  /**
   * Runs one step handler (a start, an answer or an ask) in a `whatsapp.flow.step` span and counts it in
   * `whatsapp_flow_steps_total`. Labels come from the registry only: a name that is not one of the flow's own
   * steps (a stale state) is `other`, so user input can never become a label.
   */
  private async runStep(
    flow: RegisteredFlow,
    step: string | undefined,
    run: () => void | Promise<void>,
  ): Promise<void> {
    const flowId = flow.options.id;
    const stepName = step !== undefined && Object.hasOwn(flow.flow.steps, step) ? step : 'other';
    try {
      await inSpan(SPAN.flowStep, { flow: flowId, step: stepName }, async () => {
        await run();
      });
    } catch (error) {
      this.metrics.flowStep(flowId, stepName, 'error');
      throw error;
    }
    this.metrics.flowStep(flowId, stepName, 'ok');
  }

  /** A flow that is still current but chose no next step has finished. */
  private endIfFinished(run: ConversationRun, flow: RegisteredFlow): void {
    if (run.flowId === flow.options.id && run.step === undefined) run.reset();
  }

  private contextFor(turn: Turn, target: RegisteredFlow) {
    return createFlowContext(turn, target, {
      enter: (flowId) => this.start(turn, this.registry.get(flowId)),
      setLanguage: async (language) => {
        await this.languages.choose(turn.user, language);
        turn.language = language;
      },
      showTyping: async () => {
        // Cosmetic: a failed typing indicator must not cost the user the answer.
        await this.whatsapp.markRead(turn.message.id, { typing: true }).catch((error: unknown) => {
          this.logger.warn(
            { err: error, waId: maskPhone(turn.user), messageId: turn.message.id },
            'typing indicator failed',
          );
        });
      },
    });
  }

  private coreText(turn: Turn, key: 'apology' | 'askForText' | 'cancelled' | 'nothingToCancel'): string {
    return translate(CORE_TEXTS, turn.language, key, []);
  }
}
