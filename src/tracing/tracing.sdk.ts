import { OTLPTraceExporter as OtlpHttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { enableSpans } from './spans.js';
import type { TracingSettings } from './tracing.config.js';

/** A started tracing SDK: `shutdown` exports the spans still buffered, then stops. */
export interface Tracing {
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK when the settings enable it, else returns undefined (spans then cost nothing).
 * main.ts calls it before the app boots. The standard pieces only: an OTLP/HTTP exporter (protobuf or JSON) that
 * reads its endpoint, headers and timeout from the OTEL_* variables, a batch processor (OTEL_BSP_*), the sampler
 * from OTEL_TRACES_SAMPLER, the W3C trace-context propagator and AsyncLocalStorage for the active span.
 */
export function startTracing(settings: TracingSettings): Tracing | undefined {
  if (!settings.enabled) return undefined;
  const exporter = settings.protocol === 'http/json' ? new OtlpHttpJsonExporter() : new OtlpProtobufExporter();
  const provider = new NodeTracerProvider({
    // OTEL_RESOURCE_ATTRIBUTES are kept; the service name is OTEL_SERVICE_NAME, else ours rather than `unknown_service`.
    resource: defaultResource()
      .merge(detectResources({ detectors: [envDetector] }))
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  provider.register();
  enableSpans();
  return { shutdown: () => provider.shutdown() };
}
