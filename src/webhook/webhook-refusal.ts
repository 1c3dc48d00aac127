import { HttpException, type HttpStatus } from '@nestjs/common';
import type { SignatureProblem } from './signature.js';
import type { WebhookRefusalReason } from './webhook-body.js';

/** Why a POST /webhook was not accepted, as the refusal log says it. Fixed strings, never request content. */
export type RefusalReason =
  | SignatureProblem
  | WebhookRefusalReason
  | 'unsigned webhook from outside this machine'
  | 'unsupported content type'
  | 'body too large'
  | 'queue unavailable'
  | 'identities unavailable'
  | 'refused';

/** A webhook refused on purpose: the status Meta sees, and the reason the log gives. */
export class WebhookRefusedException extends HttpException {
  constructor(
    status: HttpStatus,
    readonly reason: RefusalReason,
    message: string,
  ) {
    super(message, status);
  }
}

/** The reason of any exception that ended a webhook request; Fastify's own (413, 415) are named by status. */
export function refusalReasonOf(exception: unknown, status: number): RefusalReason {
  if (exception instanceof WebhookRefusedException) return exception.reason;
  if (status === 413) return 'body too large';
  if (status === 415) return 'unsupported content type';
  if (status === 503) return 'queue unavailable';
  return 'refused';
}
