import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/** Why a signature was refused, in the words the refusal log uses. */
export type SignatureProblem = 'missing signature' | 'bad signature format' | 'signature mismatch';

/**
 * Checks `header` (`X-Hub-Signature-256`) against the HMAC-SHA256 of the raw request bytes under `appSecret`:
 * undefined when it matches, else what is wrong. It must be the raw bytes: Meta signs what it sent, `\uXXXX` and
 * `\/` escapes included, and re-serialized JSON would differ. The comparison takes constant time.
 */
export function signatureProblem(
  rawBody: Buffer,
  header: string | string[] | undefined,
  appSecret: string,
): SignatureProblem | undefined {
  if (header === undefined || header === '') return 'missing signature';
  // The shape check comes first: timingSafeEqual throws on buffers of unequal length.
  const match = typeof header === 'string' ? SIGNATURE_PATTERN.exec(header) : null;
  if (!match) return 'bad signature format';
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex')) ? undefined : 'signature mismatch';
}

/** The header value Meta would send for `rawBody`: used by the simulator and tests. */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
