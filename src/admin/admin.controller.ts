import {
  Controller,
  DefaultValuePipe,
  Get,
  HttpCode,
  HttpException,
  Inject,
  Logger,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { ADMIN_REDIS_UNAVAILABLE, DEAD_LETTER_NOT_FOUND } from '../common/errors/error-messages.js';
import { DeadLetters, type DeadLetterSummary } from '../inbound/bullmq/dead-letters.js';
import type { DurableInbound } from '../inbound/bullmq/durable-inbound.js';
import { DURABLE_INBOUND } from '../inbound/inbound.tokens.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/**
 * The dead-letter queue over HTTP, for operators: `GET /admin/dead-letters` lists (newest first, without message
 * bodies), `POST /admin/dead-letters/:messageId/replay` puts one back at the end of its user's inbox.
 * Bearer ADMIN_TOKEN; 404 when ADMIN_TOKEN or REDIS_URL is unset; 503 while Redis is down.
 */
@Controller('admin/dead-letters')
@UseGuards(AdminTokenGuard)
export class AdminController {
  private readonly logger = new Logger(AdminController.name);
  private readonly deadLetters: DeadLetters | undefined;

  constructor(@Inject(DURABLE_INBOUND) durable: DurableInbound | null) {
    this.deadLetters = durable ? new DeadLetters(durable) : undefined;
  }

  @Get()
  list(
    @Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number,
  ): Promise<{ total: number; deadLetters: DeadLetterSummary[] }> {
    return this.withRedis((letters) => letters.list(Math.min(Math.max(limit, 1), 1000)));
  }

  @Post(':messageId/replay')
  @HttpCode(200)
  async replay(@Param('messageId') messageId: string): Promise<{ replayed: string }> {
    if (!(await this.withRedis((letters) => letters.replay(messageId))))
      throw new NotFoundException(DEAD_LETTER_NOT_FOUND(messageId));
    return { replayed: messageId };
  }

  /**
   * Runs one dead-letter operation. Everything it does is a Redis call, and the shared client fails fast while Redis
   * is away, so a failure here means Redis is unavailable: 503 (try again later), not a 500 that reads as our bug.
   */
  private async withRedis<T>(operation: (letters: DeadLetters) => Promise<T>): Promise<T> {
    // The guard already refused requests without Redis; this only narrows the type.
    if (!this.deadLetters) throw new NotFoundException();
    try {
      return await operation(this.deadLetters);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.logger.warn({ err: error }, ADMIN_REDIS_UNAVAILABLE());
      throw new ServiceUnavailableException(ADMIN_REDIS_UNAVAILABLE(), { cause: error });
    }
  }
}
