import { Inject, Injectable, NotFoundException, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { isSameToken } from '../common/crypto/same-token.js';
import { ADMIN_DISABLED, ADMIN_UNAUTHORIZED } from '../common/errors/error-messages.js';
import { DURABLE_INBOUND } from '../inbound/inbound.tokens.js';
import type { DurableInbound } from '../inbound/bullmq/durable-inbound.js';
import { adminConfig } from './admin.config.js';

/**
 * Lets a request through only with `Authorization: Bearer <ADMIN_TOKEN>`. Without ADMIN_TOKEN, or without Redis
 * (nothing to administer), the admin API does not exist: 404.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(adminConfig.KEY) private readonly config: ConfigType<typeof adminConfig>,
    @Inject(DURABLE_INBOUND) private readonly durable: DurableInbound | null,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.token || !this.durable) throw new NotFoundException(ADMIN_DISABLED());
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const given = /^Bearer (.+)$/.exec(header)?.[1] ?? '';
    if (!isSameToken(given, this.config.token)) throw new UnauthorizedException(ADMIN_UNAUTHORIZED());
    return true;
  }
}
