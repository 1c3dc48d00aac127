import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { ConversationStore } from '../../state/conversation-store.port.js';
import type { InboundMessage, InboundMessageType } from '../../whatsapp/inbound-message.js';
import { WhatsAppClient } from '../../whatsapp/whatsapp.client.js';
import { CORE_TEXT } from './core.texts.js';
import { ConversationRun } from './conversation-run.js';
import type { FlowContext, ReplyApi } from './flow-context.js';
import { UnknownStepError } from './flow.errors.js';
import { FlowRegistry, type RegisteredFlow } from './flow.registry.js';
import { globalCommandOf } from './global-commands.js';
import { buttonIdOf, textOf } from './inbound-text.js';
import { createReplyApi } from './reply-api.js';

/** Message types that flows read; anything else where a flow expects text is politely re-asked. */
const READABLE_TYPES: ReadonlySet<InboundMessageType> = new Set(['text', 'interactive', 'button']);
/** Message types that never get an answer. */
const SILENT_TYPES: ReadonlySet<InboundMessageType> = new Set(['reaction', 'system']);

/**
 * Routes each inbound message: global commands first (`cancel`, `menu`, `exit`), then the user's active
 * flow step, else the entry flow (the main menu). It is also the error boundary: a failing step is logged,
 * the user gets a short apology, and the state is left as it was before the message.
 *
 * Callers must not dispatch two messages of one user at once (the inbound queue orders them per wa_id,
 * the same key as the conversation store), or reads and writes of the state would interleave.
 */
@Injectable()
export class FlowDispatcher {
  private readonly logger = new Logger(FlowDispatcher.name);

  constructor(
    private readonly registry: FlowRegistry,
    private readonly store: ConversationStore,
    private readonly whatsapp: WhatsAppClient,
  ) {}

  async dispatch(message: InboundMessage): Promise<void> {
    const waId = message.from;
    if (!waId || SILENT_TYPES.has(message.type)) return;
    const reply = createReplyApi(this.whatsapp, waId, message.id);
    const run = new ConversationRun(await this.store.read(waId));
    try {
      await this.route(run, message, reply);
    } catch (error) {
      // No write-back: the state stays as it was before this message, so the user can simply retry.
      this.logger.error(
        { err: error, waId: maskPhone(waId), messageId: message.id, flow: run.flowId, step: run.step },
        'flow step failed',
      );
      await reply.text(CORE_TEXT.apology).catch((replyError: unknown) => {
        this.logger.error({ err: replyError, waId: maskPhone(waId) }, 'apology could not be sent');
      });
      return;
    }
    if (run.isEmpty) await this.store.delete(waId);
    else await this.store.write(waId, run.toState());
  }

  private async route(run: ConversationRun, message: InboundMessage, reply: ReplyApi): Promise<void> {
    const command = globalCommandOf(textOf(message));
    if (command === 'cancel') {
      const inFlow = run.flowId !== undefined && run.flowId !== this.registry.entry.options.id;
      run.reset();
      return reply.text(inFlow ? CORE_TEXT.cancelled : CORE_TEXT.nothingToCancel);
    }
    if (command === 'menu') {
      run.reset();
      return this.start(run, this.registry.entry, message, reply);
    }
    if (!READABLE_TYPES.has(message.type)) return reply.text(CORE_TEXT.askForText);

    const active =
      run.flowId !== undefined && this.registry.has(run.flowId) ? this.registry.get(run.flowId) : undefined;
    const step = active && run.step !== undefined ? active.flow.steps[run.step] : undefined;
    if (!active || !step) {
      // No flow, or a state left by a flow or step that no longer exists (e.g. after a deploy).
      run.reset();
      return this.start(run, this.registry.entry, message, reply);
    }
    await step(this.contextFor(active, run, message, reply));
    this.endIfFinished(run, active);
  }

  /** Enters `target` with a fresh state and runs its `start`. */
  private async start(
    run: ConversationRun,
    target: RegisteredFlow,
    message: InboundMessage,
    reply: ReplyApi,
  ): Promise<void> {
    run.enter(target.options.id);
    await target.flow.start(this.contextFor(target, run, message, reply));
    this.endIfFinished(run, target);
  }

  /** A flow that is still current but chose no next step has finished. */
  private endIfFinished(run: ConversationRun, flow: RegisteredFlow): void {
    if (run.flowId === flow.options.id && run.step === undefined) run.reset();
  }

  private contextFor(
    target: RegisteredFlow,
    run: ConversationRun,
    message: InboundMessage,
    reply: ReplyApi,
  ): FlowContext {
    const flowId = target.options.id;
    const waId = message.from as string;
    return {
      waId,
      profileName: message.profileName,
      message,
      text: textOf(message),
      buttonId: buttonIdOf(message),
      state: run.dataFor(flowId),
      reply,
      goTo: (step) => {
        // After enter() or leave() this context is stale: moving its step would corrupt the new flow.
        if (run.flowId !== flowId) return;
        if (!(step in target.flow.steps)) throw new UnknownStepError(flowId, step);
        run.step = step;
      },
      enter: async (nextFlowId) => this.start(run, this.registry.get(nextFlowId), message, reply),
      leave: async (text) => {
        run.reset();
        if (text !== undefined) await reply.text(text);
      },
      showTyping: async () => {
        // Cosmetic: a failed typing indicator must not cost the user the answer.
        await this.whatsapp.markRead(message.id, { typing: true }).catch((error: unknown) => {
          this.logger.warn({ err: error, waId: maskPhone(waId), messageId: message.id }, 'typing indicator failed');
        });
      },
    };
  }
}
