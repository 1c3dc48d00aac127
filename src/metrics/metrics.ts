import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import {
  aiResultLabel,
  codeNameLabel,
  httpStatusLabel,
  errorCodeLabel,
  INBOUND_TYPES,
  MESSAGE_STATUSES,
  OTHER,
  OUTBOUND_KINDS,
  outboundResultLabel,
  QUEUE_STATES,
  type FlowStepOutcome,
  type OutboundKind,
  type QueueBacklog,
} from './metric-labels.js';

/** Graph calls take milliseconds to seconds; a timeout ends at GRAPH_TIMEOUT_MS (10 s by default). */
const GRAPH_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Acknowledgement to handled: a reply takes well under a second, an AI answer several, a backlog minutes. */
const PROCESSING_SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** Most sends do not wait; the pair limit waits about 6 s; RATE_LIMIT_MAX_WAIT_MS caps it (60 s by default). */
const WAIT_SECONDS_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 6, 10, 30, 60];
/** Distinct failure codes tracked; Meta has a few dozen, so more means something odd, kept as `other`. */
const MAX_FAILURE_CODES = 100;
/** Distinct flow/step pairs tracked; more means something feeds names that are not code, so they become `other`. */
const MAX_FLOW_STEPS = 500;

/** The instruments of one Graph call kind, bound once so recording is a lookup-free call. */
export interface GraphKindMetrics {
  /** One HTTP attempt took `seconds` (successful or not). */
  attempt(seconds: number): void;
  /** Another attempt follows a failed one. */
  retry(): void;
  /** The call ended: `ok`, a Graph error code, `http_<status>`, `network`, `timeout` or `error`. */
  result(result: string): void;
}

/** Where the queue gauge reads its counts at scrape time; rejects when they cannot be read (Redis down). */
export type BacklogSource = () => Promise<QueueBacklog>;

interface GraphKindInstruments {
  readonly duration: Histogram.Internal<'kind'>;
  readonly retries: Counter.Internal;
  readonly results: Map<string, Counter.Internal>;
}

/**
 * The service's Prometheus metrics, behind typed methods so business code never touches prom-client. One instance
 * per app, each with its own `Registry` (tests boot several apps in one process; prom-client's global registry would
 * mix them). Label children are bound once and kept, so recording costs no label hashing of our own and no objects.
 * Names and labels are a contract: docs/observability.md documents each.
 */
export class Metrics {
  readonly registry = new Registry();

  private readonly webhookRequests = new Counter({
    name: 'whatsapp_webhook_requests_total',
    help: 'POST /webhook answers, by HTTP status (refusals included).',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly webhookByStatus = new Map<number, Counter.Internal>();

  private readonly inboundMessages = new Counter({
    name: 'whatsapp_inbound_messages_total',
    help: 'Inbound messages accepted for processing, by WhatsApp message type.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  private readonly inboundByType = new Map<string, Counter.Internal>();

  private readonly duplicates = new Counter({
    name: 'whatsapp_duplicate_messages_total',
    help: 'Redelivered inbound messages ignored (their id was already accepted).',
    registers: [this.registry],
  });

  private readonly processing = new Histogram({
    name: 'whatsapp_message_processing_seconds',
    help: 'From the webhook acknowledging a message to the message being fully handled.',
    buckets: PROCESSING_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly outboundRequests = new Counter({
    name: 'whatsapp_outbound_requests_total',
    help: 'Graph API calls (after retries), by kind and result (ok, Graph error code, http_<status>, network, timeout).',
    labelNames: ['kind', 'result'] as const,
    registers: [this.registry],
  });
  private readonly graphDuration = new Histogram({
    name: 'whatsapp_graph_request_duration_seconds',
    help: 'Duration of each Graph API HTTP attempt, by kind.',
    labelNames: ['kind'] as const,
    buckets: GRAPH_SECONDS_BUCKETS,
    registers: [this.registry],
  });
  private readonly graphRetries = new Counter({
    name: 'whatsapp_graph_retries_total',
    help: 'Graph API attempts retried after a transient failure, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly graphKinds = new Map<OutboundKind, GraphKindMetrics>();

  private readonly flowSteps = new Counter({
    name: 'whatsapp_flow_steps_total',
    help: 'Flow step runs (start, answer or ask), by flow id, step name and outcome (ok or error).',
    labelNames: ['flow', 'step', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly flowStepChildren = new Map<string, Record<FlowStepOutcome, Counter.Internal>>();

  private readonly rateLimitWait = new Histogram({
    name: 'whatsapp_rate_limit_wait_seconds',
    help: 'Time a send waited for its outbound rate limit (0 when it went at once).',
    buckets: WAIT_SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly aiRequests = new Counter({
    name: 'whatsapp_ai_requests_total',
    help: 'Chat completion calls, by result (ok, timeout, connection, aborted, empty_response, http_<status>).',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  private readonly aiByResult = new Map<string, Counter.Internal>();
  private readonly aiTokens = new Counter({
    name: 'whatsapp_ai_tokens_total',
    help: 'Tokens the AI provider reported using, by kind (prompt, completion).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly promptTokens = this.aiTokens.labels('prompt');
  private readonly completionTokens = this.aiTokens.labels('completion');

  private readonly messageStatuses = new Counter({
    name: 'whatsapp_message_statuses_total',
    help: "Delivery statuses of the bot's messages (replies and notifications), by status (sent, delivered, read, played, failed).",
    labelNames: ['status'] as const,
    registers: [this.registry],
  });
  private readonly statusChildren = new Map<string, Counter.Internal>();
  private readonly deliveryFailures = new Counter({
    name: 'whatsapp_message_delivery_failures_total',
    help: "The bot's messages that Meta reported failed, by Graph error code (131047, 131026, ...).",
    labelNames: ['code'] as const,
    registers: [this.registry],
  });
  private readonly failureChildren = new Map<string, Counter.Internal>();

  private backlogSource: BacklogSource | undefined;

  constructor() {
    for (const kind of OUTBOUND_KINDS) this.graphKinds.set(kind, this.bindGraphKind(kind));
    for (const type of [...INBOUND_TYPES, OTHER]) {
      const child = this.inboundMessages.labels(type);
      // Present from the start at 0, so a rate() over a type never sees the series appear.
      child.inc(0);
      this.inboundByType.set(type, child);
    }
    for (const status of [...MESSAGE_STATUSES, OTHER]) {
      const child = this.messageStatuses.labels(status);
      child.inc(0);
      this.statusChildren.set(status, child);
    }
    const source = () => this.backlogSource;
    new Gauge({
      name: 'whatsapp_inbound_queue_messages',
      help: 'Inbound backlog by state: waiting in-process; waiting, active, delayed and dead_lettered in Redis mode.',
      labelNames: ['state'] as const,
      registers: [this.registry],
      // Read at scrape time. When the counts cannot be read (Redis down), the gauge is left empty rather than stale.
      async collect() {
        this.reset();
        const read = source();
        if (!read) return;
        const backlog = await read().catch(() => undefined);
        if (!backlog) return;
        for (const state of QUEUE_STATES) {
          const value = backlog[state];
          if (value !== undefined) this.labels(state).set(value);
        }
      },
    });
  }

  /**
   * Adds prom-client's process and Node.js metrics (CPU, memory, heap, event loop lag, GC) to this registry. Once
   * per app: they read process-wide figures, and each call starts its own event-loop and GC observers.
   */
  collectProcessMetrics(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A POST /webhook was answered with `status`. */
  webhookAnswered(status: number): void {
    let child = this.webhookByStatus.get(status);
    if (!child) {
      child = this.webhookRequests.labels(httpStatusLabel(status));
      this.webhookByStatus.set(status, child);
    }
    child.inc();
  }

  /** A new inbound message was accepted for processing. */
  messageAccepted(type: string): void {
    (this.inboundByType.get(type) ?? (this.inboundByType.get(OTHER) as Counter.Internal)).inc();
  }

  /** Meta reported `status` for one of the bot's messages; a `failed` one carries its Graph error code. */
  messageStatus(status: string, errorCode?: number): void {
    (this.statusChildren.get(status) ?? (this.statusChildren.get(OTHER) as Counter.Internal)).inc();
    if (status !== 'failed') return;
    let code = errorCodeLabel(errorCode);
    if (!this.failureChildren.has(code) && this.failureChildren.size >= MAX_FAILURE_CODES) code = OTHER;
    let child = this.failureChildren.get(code);
    if (!child) {
      child = this.deliveryFailures.labels(code);
      this.failureChildren.set(code, child);
    }
    child.inc();
  }

  /** A redelivery was recognised and ignored. */
  duplicateIgnored(): void {
    this.duplicates.inc();
  }

  /** A message accepted at `acceptedAt` (epoch ms) is fully handled now. Older queue entries may lack the time. */
  messageProcessed(acceptedAt: number | undefined, now = Date.now()): void {
    if (acceptedAt === undefined || !Number.isFinite(acceptedAt)) return;
    this.processing.observe(Math.max(0, now - acceptedAt) / 1000);
  }

  /** The bound instruments of one Graph call kind. */
  graph(kind: OutboundKind): GraphKindMetrics {
    return this.graphKinds.get(kind) ?? (this.graphKinds.get(OTHER) as GraphKindMetrics);
  }

  /** A flow step ran; `flow` and `step` must be a registered flow id and one of its step names. */
  flowStep(flow: string, step: string, outcome: FlowStepOutcome): void {
    const key = `${flow}\u0000${step}`;
    let children = this.flowStepChildren.get(key);
    if (!children) {
      const bounded = this.flowStepChildren.size < MAX_FLOW_STEPS;
      const flowLabel = bounded ? codeNameLabel(flow) : OTHER;
      const stepLabel = bounded ? codeNameLabel(step) : OTHER;
      children = {
        ok: this.flowSteps.labels(flowLabel, stepLabel, 'ok'),
        error: this.flowSteps.labels(flowLabel, stepLabel, 'error'),
      };
      if (bounded) this.flowStepChildren.set(key, children);
    }
    children[outcome].inc();
  }

  /** A send waited `seconds` for its rate limit. */
  rateLimitWaited(seconds: number): void {
    this.rateLimitWait.observe(seconds);
  }

  /** A chat completion call ended with `result`; `usage` as the provider reported it. */
  aiRequest(result: string, usage?: { promptTokens?: number; completionTokens?: number }): void {
    const label = aiResultLabel(result);
    let child = this.aiByResult.get(label);
    if (!child) {
      child = this.aiRequests.labels(label);
      this.aiByResult.set(label, child);
    }
    child.inc();
    if (usage?.promptTokens) this.promptTokens.inc(usage.promptTokens);
    if (usage?.completionTokens) this.completionTokens.inc(usage.completionTokens);
  }

  /** Where the queue gauge reads the backlog; the inbound queue of this process sets it once. */
  trackBacklog(source: BacklogSource): void {
    this.backlogSource = source;
  }

  /** The Prometheus text exposition of every metric of this app. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private bindGraphKind(kind: OutboundKind): GraphKindMetrics {
    const instruments: GraphKindInstruments = {
      duration: this.graphDuration.labels(kind),
      retries: this.graphRetries.labels(kind),
      results: new Map(),
    };
    return {
      attempt: (seconds) => instruments.duration.observe(seconds),
      retry: () => instruments.retries.inc(),
      result: (result) => {
        // Keyed by the checked label, so the map cannot grow past the values a label may take.
        const label = outboundResultLabel(result);
        let child = instruments.results.get(label);
        if (!child) {
          child = this.outboundRequests.labels(kind, label);
          instruments.results.set(label, child);
        }
        child.inc();
      },
    };
  }
}
