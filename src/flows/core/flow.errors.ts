import { AppError } from '../../common/errors/app.error.js';
import {
  DUPLICATE_FLOW_ID,
  ENTRY_FLOW_COUNT,
  INVALID_FLOW,
  NON_STATIC_FLOW,
  UNKNOWN_FLOW,
  UNKNOWN_STEP,
  UNKNOWN_TIMEOUT_STEP,
} from '../../common/errors/error-messages.js';

/** A flow registration problem found at boot: the app refuses to start rather than run without the flow. */
export class FlowRegistrationError extends AppError {
  readonly code = 'FLOWS.INVALID_REGISTRATION';

  static duplicateId(id: string, first: string, second: string): FlowRegistrationError {
    return new FlowRegistrationError(DUPLICATE_FLOW_ID(id, first, second));
  }
  static nonStatic(id: string, className: string): FlowRegistrationError {
    return new FlowRegistrationError(NON_STATIC_FLOW(id, className));
  }
  static invalidShape(id: string, className: string): FlowRegistrationError {
    return new FlowRegistrationError(INVALID_FLOW(id, className));
  }
  static unknownTimeoutStep(id: string, step: string): FlowRegistrationError {
    return new FlowRegistrationError(UNKNOWN_TIMEOUT_STEP(id, step));
  }
  static entryCount(ids: string[]): FlowRegistrationError {
    return new FlowRegistrationError(ENTRY_FLOW_COUNT(ids));
  }
}

export class UnknownFlowError extends AppError {
  readonly code = 'FLOWS.UNKNOWN_FLOW';

  constructor(id: string) {
    super(UNKNOWN_FLOW(id));
  }
}

export class UnknownStepError extends AppError {
  readonly code = 'FLOWS.UNKNOWN_STEP';

  constructor(flowId: string, step: string) {
    super(UNKNOWN_STEP(flowId, step));
  }
}
