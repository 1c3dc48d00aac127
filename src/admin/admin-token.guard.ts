import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSameToken } from '../common/crypto/same-token.js';
import {
  ADMIN_ADDRESS_BLOCKED,
  ADMIN_AUTH_FAILED,
  ADMIN_DISABLED,
  ADMIN_TOO_MANY_FAILURES,
  ADMIN_UNAUTHORIZED,
} from '../common/errors/error-messages.js';
import { DURABLE_INBOUND } from '../inbound/inbound.tokens.js';
import type { DurableInbound } from '../inbound/bullmq/durable-inbound.js';
import { adminConfig } from './admin.config.js';
import { FailedAttempts } from './failed-attempts.js';

/**
 * Lets a request through only with `Authorization: Bearer <ADMIN_TOKEN>`. Without ADMIN_TOKEN, or without Redis
 * (nothing to administer), the admin API does not exist: 404. Each failure is logged at warn with its reason and
 * the client address (never the token given); an address with too many recent failures gets 429 for a while,
 * whatever it sends.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly logger = new Logger(AdminTokenGuard.name);

  constructor(
    @Inject(adminConfig.KEY) private readonly config: ConfigType<typeof adminConfig>,
    @Inject(DURABLE_INBOUND) private readonly durable: DurableInbound | null,
    private readonly failures: FailedAttempts,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.token || !this.durable) throw new NotFoundException(ADMIN_DISABLED());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const address = request.ip;
    const blockedMs = this.failures.blockedFor(address);
    if (blockedMs > 0) {
      const seconds = Math.ceil(blockedMs / 1000);
      void http.getResponse<FastifyReply>().header('retry-after', String(seconds));
      throw new HttpException(ADMIN_TOO_MANY_FAILURES(seconds), HttpStatus.TOO_MANY_REQUESTS);
    }
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (given !== undefined && isSameToken(given, this.config.token)) return true;
    this.logger.warn({ reason: given === undefined ? 'no bearer token' : 'wrong token', address }, ADMIN_AUTH_FAILED());
    if (this.failures.recordFailure(address)) {
      this.logger.warn(
        { address, blockedSeconds: Math.ceil(this.failures.blockedFor(address) / 1000) },
        ADMIN_ADDRESS_BLOCKED(),
      );
    }
    throw new UnauthorizedException(ADMIN_UNAUTHORIZED());
  }
}
