import { Controller, Get, HttpException, Logger, Param, UseGuards } from '@nestjs/common';
import { ApiTokenGuard } from '../api/api-token.guard.js';
import { apiError } from '../api/api-error.js';
import { API_STORE_UNAVAILABLE } from '../common/errors/error-messages.js';
import { ConsentService, type MarketingConsent } from './consent.service.js';

/** `GET /api/users/:waId/consent`: `{ "marketing": "opted_in" | "opted_out", "updatedAt": ISO | null }`. */
@Controller('api/users')
@UseGuards(ApiTokenGuard)
export class ConsentController {
  private readonly logger = new Logger(ConsentController.name);

  constructor(private readonly consent: ConsentService) {}

  @Get(':waId/consent')
  async read(@Param('waId') waId: string): Promise<MarketingConsent> {
    try {
      return await this.consent.marketingConsent(waId);
    } catch (error) {
      if (error instanceof HttpException) throw error;
      this.logger.warn({ err: error }, API_STORE_UNAVAILABLE());
      throw apiError(503, 'UNAVAILABLE', API_STORE_UNAVAILABLE());
    }
  }
}
