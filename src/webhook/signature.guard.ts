import { HttpStatus, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { INVALID_SIGNATURE, UNSIGNED_WEBHOOK_NOT_LOCAL } from '../common/errors/error-messages.js';
import { isLoopbackAddress } from '../common/http/loopback.js';
import type { RawBodyRequest } from '../common/http/raw-json-body.js';
import { signatureProblem } from './signature.js';
import { webhookConfig } from './webhook.config.js';
import { WebhookRefusedException } from './webhook-refusal.js';

/**
 * Lets a webhook POST through only with a valid `X-Hub-Signature-256` over the raw bytes, before they are parsed.
 * Without an app secret (local mode only: main.ts refuses to start with a token and no secret) it lets through
 * only requests from this machine, so no one on the network can pose as Meta.
 */
@Injectable()
export class SignatureGuard implements CanActivate {
  constructor(@Inject(webhookConfig.KEY) private readonly config: ConfigType<typeof webhookConfig>) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<RawBodyRequest>();
    const secret = this.config.appSecret;
    if (!secret) {
      if (this.config.localMode && isLoopbackAddress(request.socket.remoteAddress)) return true;
      throw new WebhookRefusedException(
        HttpStatus.UNAUTHORIZED,
        'unsigned webhook from outside this machine',
        UNSIGNED_WEBHOOK_NOT_LOCAL(),
      );
    }
    const problem = signatureProblem(
      request.rawBody ?? Buffer.alloc(0),
      request.headers['x-hub-signature-256'],
      secret,
    );
    if (problem) throw new WebhookRefusedException(HttpStatus.UNAUTHORIZED, problem, INVALID_SIGNATURE());
    return true;
  }
}
