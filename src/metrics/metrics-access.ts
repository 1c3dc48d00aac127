import { isSameToken } from '../common/crypto/same-token.js';

/**
 * Whether a scrape may read the metrics: always without METRICS_TOKEN, else only with
 * `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time).
 */
export function isScrapeAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  return given !== undefined && isSameToken(given, token);
}
