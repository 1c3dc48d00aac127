import {
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Logger,
  Post,
  Query,
  Res,
  UseGuards,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { APP_SECRET_MISSING_WARNING, INTAKE_UNAVAILABLE } from '../common/errors/error-messages.js';
import type { BodyRouteConfig } from '../common/http/raw-json-body.js';
import { logValue } from '../common/logging/log-value.js';
import { InboundQueue, InboundQueueUnavailableError } from '../inbound/inbound-queue.port.js';
import { UserIdentities } from '../inbound/user-identities.js';
import type { InboundEvent } from '../whatsapp/inbound-message.js';
import { ATTR, inSpan, SPAN } from '../tracing/spans.js';
import { acceptedChallenge, type HandshakeQuery } from './handshake.js';
import { mapWebhookPayload } from './inbound-event.mapper.js';
import { SignatureGuard } from './signature.guard.js';
import { parseWebhookBody } from './webhook-body.js';
import { WEBHOOK_INTAKE } from './webhook-refusal.filter.js';
import { WebhookRefusedException } from './webhook-refusal.js';
import { webhookConfig } from './webhook.config.js';

/** JSON only (415 before reading), kept as bytes until the signature matched, refusals logged. */
const WEBHOOK_ROUTE: BodyRouteConfig & { [WEBHOOK_INTAKE]: true } = {
  jsonOnly: true,
  rawBodyOnly: true,
  [WEBHOOK_INTAKE]: true,
};

const WEBHOOK_SPAN_ATTRIBUTES = { 'http.request.method': 'POST', 'http.route': '/webhook' };

/**
 * Meta's webhook endpoint. POST checks the content type, verifies the signature over the raw bytes, and only then
 * parses, validates, maps and enqueues, then answers 200 at once:
 * processing happens after the acknowledgement, so slow downstream services never delay it. When the queue cannot
 * take the events (Redis unreachable) it answers 503, so that Meta delivers them again later.
 */
@Controller('webhook')
export class WebhookController implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookController.name);

  constructor(
    @Inject(webhookConfig.KEY) private readonly config: ConfigType<typeof webhookConfig>,
    private readonly inbound: InboundQueue,
    private readonly identities: UserIdentities,
  ) {}

  onApplicationBootstrap(): void {
    // Production refuses to start without a secret (main.ts); elsewhere this must be impossible to miss.
    if (!this.config.appSecret) this.logger.warn(APP_SECRET_MISSING_WARNING());
  }

  @Get()
  verify(@Query() query: HandshakeQuery, @Res({ passthrough: true }) reply: FastifyReply): string {
    const challenge = acceptedChallenge(query, this.config.verifyToken);
    if (challenge === undefined) {
      this.logger.warn('webhook handshake refused: verify token mismatch or bad mode');
      throw new ForbiddenException();
    }
    this.logger.log('webhook handshake accepted');
    // Meta expects the challenge back verbatim, as plain text.
    void reply.type('text/plain; charset=utf-8');
    return challenge;
  }

  @Post()
  @HttpCode(200)
  @RouteConfig(WEBHOOK_ROUTE)
  @UseGuards(SignatureGuard)
  async receive(@Body() raw: Buffer | undefined): Promise<{ status: 'received' }> {
    // The trace of each message starts here: queued messages carry this span's context (see InboundQueue).
    return inSpan(SPAN.webhook, WEBHOOK_SPAN_ATTRIBUTES, async (span) => {
      try {
        const answer = await this.accept(raw);
        span?.setAttribute(ATTR.httpStatus, 200);
        return answer;
      } catch (error) {
        span?.setAttribute(ATTR.httpStatus, error instanceof HttpException ? error.getStatus() : 500);
        throw error;
      }
    });
  }

  private async accept(raw: Buffer | undefined): Promise<{ status: 'received' }> {
    const parsed = parseWebhookBody(raw);
    if (!parsed.ok) throw new WebhookRefusedException(HttpStatus.BAD_REQUEST, parsed.reason, parsed.message);
    const { events, skipped, isWhatsAppPayload } = mapWebhookPayload(parsed.body);
    if (!isWhatsAppPayload) {
      this.logger.warn({ object: logValue(parsed.body.object) }, 'webhook for another object ignored');
    }
    // A malformed item (a bad id, a missing field) is worth a warning; a field we do not handle is routine.
    for (const skip of skipped)
      this.logger[skip.reason.startsWith('invalid ') ? 'warn' : 'debug'](skip, 'webhook item not handled');
    if (events.length > 0) await this.enqueue(events);
    return { status: 'received' };
  }

  /** Keys username-only senders by their linked wa_id, then queues; 503 when either store cannot answer. */
  private async enqueue(events: readonly InboundEvent[]): Promise<void> {
    const resolved = await this.identities.resolve(events).catch(() => {
      throw new WebhookRefusedException(HttpStatus.SERVICE_UNAVAILABLE, 'identities unavailable', INTAKE_UNAVAILABLE());
    });
    await this.inbound.enqueue(resolved).catch((error: unknown) => {
      if (error instanceof InboundQueueUnavailableError) {
        throw new WebhookRefusedException(HttpStatus.SERVICE_UNAVAILABLE, 'queue unavailable', error.message);
      }
      throw error;
    });
  }
}
