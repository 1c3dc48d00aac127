import { HttpService } from '@nestjs/axios';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../common/logging/mask-phone.js';
import { Metrics } from '../metrics/metrics.js';
import { GraphNotConfiguredError } from './graph-api.error.js';
import { graphCallKindOf } from './graph-call-kind.js';
import { callGraph, logGraphAttempts } from './graph-request.js';
import {
  isReadReceiptRequest,
  MessageTransport,
  recipientOf,
  type GraphMessagesRequest,
  type GraphMessagesResponse,
} from './message-transport.port.js';
import { whatsappConfig, type WhatsAppConfig } from './whatsapp.config.js';

/**
 * Sends `/messages` bodies to the Graph API: `POST {GRAPH_API_URL}/{API_VERSION}/{WP_PHONE_ID}/messages` with
 * the bearer token, a timeout per attempt and the retry policy of `retry/should-retry.ts`. Failures surface as
 * `GraphApiError` or `GraphNetworkError`. Logs mask the recipient and never include the token or the body.
 */
@Injectable()
export class GraphHttpTransport extends MessageTransport {
  private readonly logger = new Logger(GraphHttpTransport.name);
  private readonly url: string;
  private readonly accessToken: string;

  constructor(
    private readonly http: HttpService,
    @Inject(whatsappConfig.KEY) private readonly config: WhatsAppConfig,
    private readonly metrics = new Metrics(),
  ) {
    super();
    // The module only builds this adapter with both set; checking here keeps a misuse from sending `Bearer undefined`.
    if (!config.accessToken || !config.phoneNumberId) {
      throw new GraphNotConfiguredError('Sending messages over Graph');
    }
    this.accessToken = config.accessToken;
    this.url = `${config.graphApiUrl}/${config.apiVersion}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  }

  override async post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    const fields = describeBody(body);
    const response = await callGraph<GraphMessagesResponse>(
      this.http,
      this.config,
      this.accessToken,
      {
        method: 'POST',
        url: this.url,
        data: body,
        headers: { 'Content-Type': 'application/json' },
        retry: true,
        kind: graphCallKindOf(body),
      },
      logGraphAttempts(this.logger, fields),
      this.metrics,
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
