import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { isSameToken } from '../common/crypto/same-token.js';
import { API_AUTH_FAILED, API_DISABLED, API_UNAUTHORIZED } from '../common/errors/error-messages.js';
import { apiConfig } from './api.config.js';
import { apiError } from './api-error.js';

/**
 * Lets a request to `/api/*` through only with `Authorization: Bearer <API_TOKEN>` (compared in constant time).
 * Without API_TOKEN the API does not exist: 404. A refusal is logged at warn with the client address, never the token.
 */
@Injectable()
export class ApiTokenGuard implements CanActivate {
  private readonly logger = new Logger(ApiTokenGuard.name);

  constructor(@Inject(apiConfig.KEY) private readonly config: ConfigType<typeof apiConfig>) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.config.token) throw apiError(404, 'NOT_FOUND', API_DISABLED());
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (given !== undefined && isSameToken(given, this.config.token)) return true;
    this.logger.warn(
      { reason: given === undefined ? 'no bearer token' : 'wrong token', address: request.ip },
      API_AUTH_FAILED(),
    );
    throw apiError(401, 'UNAUTHORIZED', API_UNAUTHORIZED());
  }
}
