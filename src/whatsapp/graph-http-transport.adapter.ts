import { Logger } from '@nestjs/common';
import type { Dispatcher } from 'undici';
import { maskPhone } from '../common/logging/mask-phone.js';
import { Metrics } from '../metrics/metrics.js';
import { GraphNotConfiguredError } from './graph-api.error.js';
import { graphCallKindOf } from './graph-call-kind.js';
import { GraphJsonPost } from './graph-json-post.js';
import { countingRetries, graphAttempt, logGraphAttempts, observeGraphCall } from './graph-request.js';
import {
  isReadReceiptRequest,
  MessageTransport,
  recipientOf,
  type GraphMessagesRequest,
  type GraphMessagesResponse,
} from './message-transport.port.js';
import { withRetry, type RetryPolicy } from './retry/with-retry.js';
import type { WhatsAppConfig } from './whatsapp.config.js';

/**
 * Sends `/messages` bodies to the Graph API: `POST {GRAPH_API_URL}/{API_VERSION}/{WP_PHONE_ID}/messages` with
 * the bearer token, a timeout per attempt and the retry policy of `retry/should-retry.ts`, over `dispatcher`'s
 * keep-alive connections (see `GraphJsonPost` for why not axios). Each call is measured like every Graph call
 * (`graph-request.ts`). Failures surface as `GraphApiError` or `GraphNetworkError`. Logs mask the recipient and
 * never include the token or the body.
 */
export class GraphHttpTransport extends MessageTransport {
  private readonly logger = new Logger(GraphHttpTransport.name);
  private readonly messages: GraphJsonPost;
  private readonly policy: RetryPolicy;

  constructor(
    config: WhatsAppConfig,
    dispatcher: Dispatcher,
    private readonly metrics = new Metrics(),
  ) {
    super();
    // The module only builds this adapter with both set; checking here keeps a misuse from sending `Bearer undefined`.
    if (!config.accessToken || !config.phoneNumberId) {
      throw new GraphNotConfiguredError('Sending messages over Graph');
    }
    const url = `${config.graphApiUrl}/${config.apiVersion}/${encodeURIComponent(config.phoneNumberId)}/messages`;
    this.messages = new GraphJsonPost(dispatcher, url, config.accessToken, config.timeoutMs);
    this.policy = { maxAttempts: config.maxAttempts, baseDelayMs: config.retryBaseDelayMs };
  }

  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    const fields = describeBody(body);
    const kind = graphCallKindOf(body);
    const observed = this.metrics.graph(kind);
    // Serialised once: every attempt sends the same bytes.
    const json = JSON.stringify(body);
    const response = await observeGraphCall(observed, () =>
      withRetry(
        () => graphAttempt(kind, observed, () => this.messages.send<GraphMessagesResponse>(json)),
        this.policy,
        countingRetries(observed, logGraphAttempts(this.logger, fields)),
      ),
    );
    this.logger.debug({ ...fields, messageId: response.messages?.[0]?.id }, 'graph message accepted');
    return response;
  }
}

/** What may be logged about a body: its kind and the masked recipient, never the text. */
function describeBody(body: GraphMessagesRequest): Record<string, string | undefined> {
  if (isReadReceiptRequest(body)) return { kind: 'read-receipt' };
  return {
    kind: typeof body.type === 'string' ? body.type : 'unknown',
    to: maskPhone(recipientOf(body)) || undefined,
  };
}
