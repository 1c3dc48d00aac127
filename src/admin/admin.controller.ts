import { Controller, Get, HttpCode, Inject, NotFoundException, Param, ParseIntPipe, Post, Query, UseGuards, DefaultValuePipe } from '@nestjs/common';
import { DEAD_LETTER_NOT_FOUND } from '../common/errors/error-messages.js';
import { DeadLetters, type DeadLetterSummary } from '../inbound/bullmq/dead-letters.js';
import type { DurableInbound } from '../inbound/bullmq/durable-inbound.js';
import { DURABLE_INBOUND } from '../inbound/inbound.tokens.js';
import { AdminTokenGuard } from './admin-token.guard.js';

/**
 * The dead-letter queue over HTTP, for operators: `GET /admin/dead-letters` lists (newest first, without message
 * bodies), `POST /admin/dead-letters/:messageId/replay` puts one back at the end of its user's inbox.
 * Bearer ADMIN_TOKEN; 404 when ADMIN_TOKEN or REDIS_URL is unset.
 */
@Controller('admin/dead-letters')
@UseGuards(AdminTokenGuard)
export class AdminController {
  private readonly deadLetters: DeadLetters | undefined;

  constructor(@Inject(DURABLE_INBOUND) durable: DurableInbound | null) {
    this.deadLetters = durable ? new DeadLetters(durable) : undefined;
  }

  @Get()
  list(@Query('limit', new DefaultValuePipe(100), ParseIntPipe) limit: number): Promise<{ total: number; deadLetters: DeadLetterSummary[] }> {
    return this.required().list(Math.min(Math.max(limit, 1), 1000));
  }

  @Post(':messageId/replay')
  @HttpCode(200)
  async replay(@Param('messageId') messageId: string): Promise<{ replayed: string }> {
    if (!(await this.required().replay(messageId))) throw new NotFoundException(DEAD_LETTER_NOT_FOUND(messageId));
    return { replayed: messageId };
  }

  /** The guard already refused requests without Redis; this only narrows the type. */
  private required(): DeadLetters {
    if (!this.deadLetters) throw new NotFoundException();
    return this.deadLetters;
  }
}
