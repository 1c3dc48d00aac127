// The public API for flow authors: everything a flow module needs, and no internals.
export { Flow, type FlowOptions } from './flow.decorator.js';
export type { ConversationFlow, FlowStep, FlowSteps } from './conversation-flow.js';
export type {
  FlowContext,
  InteractiveOptions,
  ListRow,
  ListSection,
  MediaKind,
  ReplyApi,
  ReplyButton,
} from './flow-context.js';
export { FlowRegistry, type RegisteredFlow } from './flow.registry.js';
export { FlowDispatcher } from './flow.dispatcher.js';
export { globalCommandOf } from './global-commands.js';
export { textOf } from './inbound-text.js';
export { FlowsCoreModule } from './flows-core.module.js';
export { FlowRegistrationError, UnknownFlowError, UnknownStepError } from './flow.errors.js';
export type { InboundMessage } from '../../whatsapp/inbound-message.js';
