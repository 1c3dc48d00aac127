import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { SIMULATOR_FOREIGN_HOST, SIMULATOR_TOKEN_NEEDED } from '../common/errors/error-messages.js';
import { SimulatorAccess } from './simulator-access.js';

/** Marks the one route that takes the token as `?token=` (the page, which trades it for the cookie). */
export const TokenInQuery = Reflector.createDecorator<boolean>();

/**
 * Runs before every simulator route, the page, its assets and the event stream included, and refuses what
 * `SimulatorAccess` refuses: 403 for a foreign host name, 401 when production requires the token.
 */
@Injectable()
export class SimulatorAccessGuard implements CanActivate {
  constructor(
    private readonly access: SimulatorAccess,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest<{ Querystring: { token?: unknown } }>>();
    const queryToken = this.reflector.get(TokenInQuery, context.getHandler()) ? request.query.token : undefined;
    const verdict = this.access.verdict({
      host: request.headers.host,
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
      queryToken: typeof queryToken === 'string' ? queryToken : undefined,
    });
    if (verdict === 'foreign-host') throw new ForbiddenException(SIMULATOR_FOREIGN_HOST());
    if (verdict === 'token-required') throw new UnauthorizedException(SIMULATOR_TOKEN_NEEDED());
    return true;
  }
}
