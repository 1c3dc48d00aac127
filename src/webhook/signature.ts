import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE_PATTERN = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Whether `header` (`X-Hub-Signature-256`) is `sha256=<hex>` of the HMAC-SHA256 of the raw request
 * bytes under `appSecret`. It must be the raw bytes: Meta signs what it sent, `\uXXXX` and `\/`
 * escapes included, and re-serialized JSON would differ.
 */
export function isValidSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  // The shape check comes first: timingSafeEqual throws on buffers of unequal length.
  const match = header === undefined ? null : SIGNATURE_PATTERN.exec(header);
  if (!match) return false;
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(match[1], 'hex'));
}

/** The header value Meta would send for `rawBody`: used by the simulator and tests. */
export function signBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}
