import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Largest body accepted (Meta's batches stay far below); larger ones get 413 before any parsing. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Stands in for the body when it was not valid JSON, so the route can answer 400 after the signature check. */
export const INVALID_JSON: unique symbol = Symbol('INVALID_JSON');

export type RawBodyRequest = FastifyRequest & { rawBody?: Buffer };

/**
 * Replaces Fastify's JSON parser with one that keeps the exact bytes (`request.rawBody`) for HMAC checks
 * and never fails the request itself: an unsigned garbage body must get 401 from the signature guard,
 * not 400 from the parser. Any content type is read this way, since Meta always sends JSON.
 */
export function registerRawJsonParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    const raw = body as Buffer;
    (request as RawBodyRequest).rawBody = raw;
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      done(null, INVALID_JSON);
    }
  });
}
