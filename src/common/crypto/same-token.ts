import { createHash, timingSafeEqual } from 'node:crypto';

/** Whether `given` equals `expected`, in time that does not depend on where they differ. */
export function isSameToken(given: string, expected: string): boolean {
  // timingSafeEqual throws on unequal lengths, and comparing lengths first would leak the length: compare digests.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
