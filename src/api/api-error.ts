import { HttpException } from '@nestjs/common';

/** Stable codes of `/api/*` errors: clients branch on these, never on the message. */
export type ApiErrorCode =
  'NOT_FOUND' | 'UNAUTHORIZED' | 'INVALID_REQUEST' | 'OUTSIDE_WINDOW' | 'OPTED_OUT' | 'SEND_FAILED' | 'UNAVAILABLE';

/** One invalid field of a request body, and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The body of every `/api/*` error: `{ "error": { "code", "message", "fields"? } }`, plus extra top-level fields. */
export function apiError(
  status: number,
  code: ApiErrorCode,
  message: string,
  extra: { readonly fields?: readonly FieldProblem[]; readonly id?: string } = {},
): HttpException {
  const { fields, id } = extra;
  return new HttpException(
    { error: { code, message, ...(fields ? { fields } : {}) }, ...(id !== undefined ? { id } : {}) },
    status,
  );
}
