import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JSON_BODY_REQUIRED } from '../errors/error-messages.js';

/** Largest body accepted (Meta's batches stay far below); larger ones get 413 before any parsing. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Stands in for the body when it was not valid JSON, so a route can answer 400 in its own words. */
export const INVALID_JSON: unique symbol = Symbol('INVALID_JSON');

/**
 * Fastify route options (set with `@RouteConfig`) for a body that is verified before it is parsed: `rawBodyOnly`
 * keeps the bytes unparsed (the route parses them once the signature matched), and `jsonOnly` answers 415 to any
 * other content type before a byte of the body is read.
 */
export interface BodyRouteConfig {
  readonly rawBodyOnly?: boolean;
  readonly jsonOnly?: boolean;
}

export type RawBodyRequest = FastifyRequest & { rawBody?: Buffer };

/** `application/json`, with parameters such as `charset=utf-8` allowed. */
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

const routeConfig = (request: FastifyRequest): BodyRouteConfig =>
  (request.routeOptions.config ?? {}) as BodyRouteConfig;

/**
 * Replaces Fastify's parsers with one that keeps the exact bytes (`request.rawBody`) and never fails the request
 * itself. Routes with `rawBodyOnly` get the bytes as their body; the others get parsed JSON (or `INVALID_JSON`),
 * whatever the content type, and check it themselves.
 */
export function registerRawJsonParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    const contentType = request.headers['content-type'];
    if (routeConfig(request).jsonOnly && (contentType === undefined || !JSON_MEDIA_TYPE.test(contentType))) {
      throw new UnsupportedMediaTypeException(JSON_BODY_REQUIRED());
    }
    return payload;
  });
  fastify.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES }, (request, body, done) => {
    const raw = body as Buffer;
    (request as RawBodyRequest).rawBody = raw;
    if (routeConfig(request).rawBodyOnly) return done(null, raw);
    if (raw.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(raw.toString('utf8')));
    } catch {
      done(null, INVALID_JSON);
    }
  });
}
