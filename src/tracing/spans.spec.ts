import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { AppError } from '../common/errors/app.error.js';
import { contextOfTraceparent, currentTraceparent, enableSpans, inSpan, SPAN } from './spans.js';

class StepFailedError extends AppError {
  readonly code = 'TEST.STEP_FAILED';
}

describe('spans', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  it('cost nothing before tracing is started: no span, no traceparent', async () => {
    expect(await inSpan(SPAN.webhook, {}, (span) => Promise.resolve(span))).toBeUndefined();
    expect(currentTraceparent()).toBeUndefined();
    expect(contextOfTraceparent('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01')).toBeUndefined();
  });

  describe('once started', () => {
    beforeAll(() => {
      provider.register();
      enableSpans();
    });
    afterAll(() => provider.shutdown());
    beforeEach(() => exporter.reset());

    it('nests spans through async calls, and continues a stored traceparent as a child', async () => {
      let stored: string | undefined;
      await inSpan(SPAN.webhook, {}, async () => {
        await Promise.resolve();
        stored = currentTraceparent();
      });
      // Later, elsewhere (a worker): the stored context is the parent, not whatever is active there.
      await inSpan(
        SPAN.process,
        { 'messaging.message.id': 'wamid.A' },
        () => inSpan(SPAN.graphRequest, { kind: 'text' }, () => Promise.resolve()),
        contextOfTraceparent(stored),
      );
      const [webhook, graph, process] = exporter.getFinishedSpans();
      expect([webhook.name, process.name, graph.name]).toEqual([SPAN.webhook, SPAN.process, SPAN.graphRequest]);
      expect(stored).toBe(`00-${webhook.spanContext().traceId}-${webhook.spanContext().spanId}-01`);
      expect(process.parentSpanContext?.spanId).toBe(webhook.spanContext().spanId);
      expect(graph.parentSpanContext?.spanId).toBe(process.spanContext().spanId);
      expect(new Set([webhook, process, graph].map((span) => span.spanContext().traceId)).size).toBe(1);
    });

    it('starts a new trace for an entry without a traceparent', async () => {
      await inSpan(SPAN.process, {}, () => Promise.resolve(), contextOfTraceparent(undefined));
      expect(exporter.getFinishedSpans()[0].parentSpanContext).toBeUndefined();
    });

    it('marks a failed span with the error code, never the message', async () => {
      await expect(
        inSpan(SPAN.flowStep, { flow: 'register', step: 'email' }, () =>
          Promise.reject(new StepFailedError('ada@example.org is taken')),
        ),
      ).rejects.toThrow(StepFailedError);
      const [span] = exporter.getFinishedSpans();
      expect(span.status.code).toBe(2);
      expect(span.attributes).toEqual({ flow: 'register', step: 'email', 'error.type': 'TEST.STEP_FAILED' });
      expect(JSON.stringify([span.attributes, span.events])).not.toContain('ada@example.org');
    });
  });
});
