// The public API for flow authors: everything a flow module needs, and no internals.
export { Flow, type FlowOptions } from './flow.decorator.js';
export { ConversationFlow, type EmptyState } from './conversation-flow.js';
export type { FlowStep, FlowSteps, PromptStep, StepHandler } from './flow-step.js';
export type { FormField, FormOptions, Say } from './form.js';
export type { Duration, FlowTimeouts, StepTimeout } from './step-timeout.js';
export type {
  Choice,
  FlowContext,
  InteractiveOptions,
  ListRow,
  ListSection,
  MediaKind,
  ReplyApi,
  ReplyButton,
  StepContext,
} from './flow-context.js';
export { defineTexts, NO_TEXTS, type Catalogs, type NoTexts, type Text, type TextKey } from './texts.js';
export { LANGUAGES, LANGUAGE_NAMES, type Language } from './languages.js';
export { FlowRegistry, type RegisteredFlow } from './flow.registry.js';
export { FlowDispatcher } from './flow.dispatcher.js';
export { MessageStatusEvents, type MessageStatusEvent, type MessageStatusListener } from './message-status.events.js';
export type { InboundMediaKind, MediaUploader, MessageMedia } from './inbound-media.js';
export type { DownloadedMedia } from '../../whatsapp/media-gateway.port.js';
export { choiceOf } from './choice-of.js';
export { globalCommandOf } from './global-commands.js';
export { normalizeAnswer, textOf } from './inbound-text.js';
export { characterCount } from '../../whatsapp/outbound-message.builders.js';
export { FlowsCoreModule } from './flows-core.module.js';
export { FlowRegistrationError, UnknownFlowError, UnknownStepError } from './flow.errors.js';
export type { InboundMessage } from '../../whatsapp/inbound-message.js';
