import {
  BadRequestException,
  Body,
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  Logger,
  Post,
  Query,
  Res,
  ServiceUnavailableException,
  UseGuards,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { ConfigType } from '@nestjs/config';
import { INVALID_JSON } from '../common/http/raw-json-body.js';
import { isRecord } from '../common/is-record.js';
import { APP_SECRET_MISSING_WARNING, BODY_NOT_OBJECT, MALFORMED_JSON } from '../common/errors/error-messages.js';
import { InboundQueue, InboundQueueUnavailableError } from '../inbound/inbound-queue.port.js';
import { acceptedChallenge, type HandshakeQuery } from './handshake.js';
import { mapWebhookPayload } from './inbound-event.mapper.js';
import { SignatureGuard } from './signature.guard.js';
import { webhookConfig } from './webhook.config.js';

/**
 * Meta's webhook endpoint. POST verifies, validates, maps and enqueues, then answers 200 at once:
 * processing happens after the acknowledgement, so slow downstream services never delay it. When the queue cannot
 * take the events (Redis unreachable) it answers 503, so that Meta delivers them again later.
 */
@Controller('webhook')
export class WebhookController implements OnApplicationBootstrap {
  private readonly logger = new Logger(WebhookController.name);

  constructor(
    @Inject(webhookConfig.KEY) private readonly config: ConfigType<typeof webhookConfig>,
    private readonly inbound: InboundQueue,
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
  @UseGuards(SignatureGuard)
  async receive(@Body() body: unknown): Promise<{ status: 'received' }> {
    if (body === INVALID_JSON) throw new BadRequestException(MALFORMED_JSON());
    if (!isRecord(body)) throw new BadRequestException(BODY_NOT_OBJECT());
    const { events, skipped, isWhatsAppPayload } = mapWebhookPayload(body);
    if (!isWhatsAppPayload) {
      this.logger.warn({ object: String(body.object) }, 'webhook for another object ignored');
    }
    for (const skip of skipped) this.logger.debug(skip, 'webhook item not handled');
    if (events.length > 0) {
      await this.inbound.enqueue(events).catch((error: unknown) => {
        if (error instanceof InboundQueueUnavailableError) throw new ServiceUnavailableException(error.message);
        throw error;
      });
    }
    return { status: 'received' };
  }
}
