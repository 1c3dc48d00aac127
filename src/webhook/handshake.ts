import { isSameToken } from '../common/crypto/same-token.js';

export interface HandshakeQuery {
  readonly 'hub.mode'?: unknown;
  readonly 'hub.verify_token'?: unknown;
  readonly 'hub.challenge'?: unknown;
}

/**
 * The challenge to echo when Meta's subscription handshake presents our verify token, else `undefined`.
 * The token is compared in constant time.
 */
export function acceptedChallenge(query: HandshakeQuery, verifyToken: string | undefined): string | undefined {
  const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = query;
  if (!verifyToken || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') {
    return undefined;
  }
  return isSameToken(token, verifyToken) ? challenge : undefined;
}
