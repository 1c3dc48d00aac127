import { Inject, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { RawBodyRequest } from '../common/http/raw-json-body.js';
import { INVALID_SIGNATURE } from '../common/errors/error-messages.js';
import { isValidSignature } from './signature.js';
import { webhookConfig } from './webhook.config.js';

/** Lets a webhook POST through only with a valid `X-Hub-Signature-256` (skipped in development without a secret). */
@Injectable()
export class SignatureGuard implements CanActivate {
  constructor(@Inject(webhookConfig.KEY) private readonly config: ConfigType<typeof webhookConfig>) {}

  canActivate(context: ExecutionContext): boolean {
    const secret = this.config.appSecret;
    if (!secret) return true;
    const request = context.switchToHttp().getRequest<RawBodyRequest>();
    const header = request.headers['x-hub-signature-256'];
    const raw = request.rawBody ?? Buffer.alloc(0);
    if (typeof header !== 'string' || !isValidSignature(raw, header, secret)) {
      throw new UnauthorizedException(INVALID_SIGNATURE());
    }
    return true;
  }
}
