import { createHash, timingSafeEqual } from 'node:crypto';

export interface HandshakeQuery {
  readonly 'hub.mode'?: unknown;
  readonly 'hub.verify_token'?: unknown;
  readonly 'hub.challenge'?: unknown;
}

/**
 * The challenge to echo when Meta's subscription handshake presents our verify token, else `undefined`.
 * Tokens are compared as SHA-256 digests so the comparison takes the same time whatever their lengths.
 */
export function acceptedChallenge(query: HandshakeQuery, verifyToken: string | undefined): string | undefined {
  const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = query;
  if (!verifyToken || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') {
    return undefined;
  }
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(token), digest(verifyToken)) ? challenge : undefined;
}
