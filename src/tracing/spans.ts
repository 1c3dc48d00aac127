import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';
import { AppError } from '../common/errors/app.error.js';

/** The spans of one inbound message, outermost first (docs/observability.md shows the tree). */
export const SPAN = {
  webhook: 'whatsapp.webhook',
  process: 'whatsapp.message.process',
  flowStep: 'whatsapp.flow.step',
  graphRequest: 'whatsapp.graph.request',
} as const;

/** Span attribute names of our own; standard ones (`messaging.message.id`, `http.response.status_code`) as is. */
export const ATTR = {
  messageId: 'messaging.message.id',
  messageType: 'whatsapp.message.type',
  /** The sender's wa_id masked (`*******4567`): never the full number. */
  user: 'whatsapp.user',
  flow: 'flow',
  step: 'step',
  kind: 'kind',
  httpStatus: 'http.response.status_code',
  graphErrorCode: 'whatsapp.graph.error_code',
  errorType: 'error.type',
} as const;

const KIND = {
  [SPAN.webhook]: SpanKind.SERVER,
  [SPAN.process]: SpanKind.CONSUMER,
  [SPAN.flowStep]: SpanKind.INTERNAL,
  [SPAN.graphRequest]: SpanKind.CLIENT,
} as const;

const tracer = trace.getTracer('whatsapp-bot');
/** Set once the SDK is started (main.ts): until then spans cost nothing, not even the no-op tracer's objects. */
let enabled = false;

/** Called by `startTracing` once the SDK is registered. */
export function enableSpans(): void {
  enabled = true;
}

/**
 * Runs `fn` inside a new active span (a child of `parent`, else of the active span) and ends it when `fn` settles.
 * A failure sets the span's status to error with `error.type` (the error's code or class name), never its message:
 * messages may quote what a user sent. `fn` gets `undefined` when tracing is off.
 */
export function inSpan<T>(
  name: (typeof SPAN)[keyof typeof SPAN],
  attributes: Attributes,
  fn: (span: Span | undefined) => Promise<T>,
  parent?: Context,
): Promise<T> {
  if (!enabled) return fn(undefined);
  const base = parent ?? context.active();
  const span = tracer.startSpan(name, { kind: KIND[name], attributes }, base);
  return context.with(trace.setSpan(base, span), async () => {
    try {
      return await fn(span);
    } catch (error) {
      span.setAttribute(ATTR.errorType, errorTypeOf(error));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The active span's W3C `traceparent`, to store with a queued message; undefined without an active trace. */
export function currentTraceparent(): string | undefined {
  if (!enabled) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** The context a stored `traceparent` continues (in another process too); the root context without one. */
export function contextOfTraceparent(traceparent: string | undefined): Context | undefined {
  if (!enabled) return undefined;
  if (traceparent === undefined) return ROOT_CONTEXT;
  return propagation.extract(ROOT_CONTEXT, { traceparent });
}

function errorTypeOf(error: unknown): string {
  if (error instanceof AppError) return error.code;
  if (error instanceof Error) return error.name;
  return 'unknown';
}
