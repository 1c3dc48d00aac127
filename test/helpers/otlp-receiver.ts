import { MockHttpServer } from '../../src/testing/mocks/mock-http-server.js';
import type { RecordedRequest } from '../../src/testing/mocks/recorded-request.js';

/** One span as an OTLP/JSON export carries it, flattened for assertions. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent on a trace's root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  /** Nanoseconds since the epoch, as OTLP/JSON writes it (a string). */
  readonly startTimeUnixNano: string;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** `service.name` of the process that exported it. */
  readonly service: string;
}

interface OtlpAttribute {
  readonly key: string;
  readonly value: Record<string, unknown>;
}

interface OtlpJsonExport {
  readonly resourceSpans?: readonly {
    readonly resource?: { readonly attributes?: readonly OtlpAttribute[] };
    readonly scopeSpans?: readonly {
      readonly spans?: readonly {
        readonly traceId: string;
        readonly spanId: string;
        readonly parentSpanId?: string;
        readonly name: string;
        readonly startTimeUnixNano: string | number;
        readonly attributes?: readonly OtlpAttribute[];
      }[];
    }[];
  }[];
}

/**
 * A loopback OTLP/HTTP collector: records every `POST /v1/traces` and answers 200 (an empty
 * ExportTraceServiceResponse). `spans()` decodes the JSON exports (OTEL_EXPORTER_OTLP_PROTOCOL=http/json);
 * protobuf exports are recorded as bytes only.
 */
export class OtlpReceiver {
  private readonly server = new MockHttpServer().on('POST', /^\/v1\/traces$/, (request) =>
    isJson(request) ? { json: {} } : { body: Buffer.alloc(0), headers: { 'content-type': 'application/x-protobuf' } },
  );

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    await receiver.server.start();
    return receiver;
  }

  /** The value of OTEL_EXPORTER_OTLP_ENDPOINT (the exporter appends /v1/traces). */
  get endpoint(): string {
    return this.server.url;
  }

  exports(): readonly RecordedRequest[] {
    return this.server.requests.filter((request) => request.path === '/v1/traces');
  }

  spans(): ReceivedSpan[] {
    return this.exports()
      .filter(isJson)
      .flatMap((request) => (request.json as OtlpJsonExport).resourceSpans ?? [])
      .flatMap((resourceSpans) => {
        const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
        return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
          (scope.spans ?? []).map((span) => ({
            traceId: span.traceId,
            spanId: span.spanId,
            ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
            name: span.name,
            startTimeUnixNano: String(span.startTimeUnixNano),
            attributes: attributesOf(span.attributes),
            service,
          })),
        );
      });
  }

  /** Every string the exports carried: span and resource attributes, names, events. For "no text leaked" checks. */
  rawText(): string {
    return this.exports()
      .map((request) => request.body.toString('utf8'))
      .join('\n');
  }

  reset(): void {
    this.server.reset();
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

function isJson(request: RecordedRequest): boolean {
  return String(request.headers['content-type'] ?? '').startsWith('application/json');
}

function attributesOf(list: readonly OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  const attributes: Record<string, string | number | boolean> = {};
  for (const { key, value } of list ?? []) {
    const raw = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
    // OTLP/JSON may write 64-bit integers as strings.
    attributes[key] = value.intValue !== undefined ? Number(raw) : (raw as string | number | boolean);
  }
  return attributes;
}

/** The trace of `root` as an indented tree: one line per span, children under their parent, in start order. */
export function traceTree(spans: readonly ReceivedSpan[], root: ReceivedSpan, withAttributes = false): string {
  const lines: string[] = [];
  const visit = (span: ReceivedSpan, depth: number) => {
    const attributes = withAttributes ? ` ${JSON.stringify(span.attributes)}` : '';
    lines.push(`${'  '.repeat(depth)}${span.name}${attributes}`);
    const children = spans
      .filter((candidate) => candidate.parentSpanId === span.spanId)
      .sort((a, b) => (BigInt(a.startTimeUnixNano) < BigInt(b.startTimeUnixNano) ? -1 : 1));
    for (const child of children) visit(child, depth + 1);
  };
  visit(root, 0);
  return lines.join('\n');
}
