import type { UserRef } from '../../common/user-ref.js';
import type { InboundMessage } from '../../whatsapp/inbound-message.js';
import type { ConversationRun } from './conversation-run.js';
import type { FlowContext, ReplyApi } from './flow-context.js';
import { UnknownStepError } from './flow.errors.js';
import type { RegisteredFlow } from './flow.registry.js';
import type { MediaUploader, MessageMedia } from './inbound-media.js';
import { buttonIdOf, textOf } from './inbound-text.js';
import type { Language } from './languages.js';
import { NO_TEXTS, translate } from './texts.js';

/** Everything one inbound message shares across the contexts of the handlers it runs. */
export interface Turn {
  readonly message: InboundMessage;
  /** The sender's key (`userRefOf`): what the state, the replies and the language are stored and sent under. */
  readonly user: UserRef;
  readonly run: ConversationRun;
  readonly reply: ReplyApi;
  /** The file of the message, when it carries one (`inboundMediaOf`). */
  readonly media: MessageMedia | undefined;
  readonly uploadMedia: MediaUploader;
  /** Changes when the user picks another language during this message. */
  language: Language;
}

/** What a context does beyond its turn's data: provided by the dispatcher. */
export interface ContextActions {
  enter(flowId: string): Promise<void>;
  setLanguage(language: Language): Promise<void>;
  showTyping(): Promise<void>;
}

/** The context a handler of `target` receives during `turn`. */
export function createFlowContext(turn: Turn, target: RegisteredFlow, actions: ContextActions): FlowContext {
  const { run, message } = turn;
  const flowId = target.options.id;
  const texts = target.flow.texts ?? NO_TEXTS;
  return {
    waId: message.from,
    user: {
      ref: turn.user,
      waId: message.from,
      userId: message.fromUserId,
      username: message.username,
      profileName: message.profileName,
    },
    profileName: message.profileName,
    message,
    text: textOf(message),
    buttonId: buttonIdOf(message),
    media: turn.media,
    uploadMedia: turn.uploadMedia,
    state: run.dataFor(flowId),
    reply: turn.reply,
    attempt: run.attempts + 1,
    get language() {
      return turn.language;
    },
    t: (key, ...params) => translate(texts, turn.language, key, params),
    goTo: (step) => {
      // After enter() or leave() this context is stale: moving its step would corrupt the new flow.
      if (run.flowId !== flowId) return;
      if (!(step in target.flow.steps)) throw new UnknownStepError(flowId, step);
      run.moveTo(step);
    },
    enter: (nextFlowId) => actions.enter(nextFlowId),
    leave: async (text) => {
      run.reset();
      if (text !== undefined) await turn.reply.text(text);
    },
    setLanguage: (language) => actions.setLanguage(language),
    showTyping: () => actions.showTyping(),
  };
}
