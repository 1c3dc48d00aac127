import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

/**
 * One `request completed` line per request at debug: method, path (no query string: the handshake's carries the
 * verify token), status and time, never headers. Decided once at boot, so at `info` no hook runs at all.
 */
export function logRequests(fastify: FastifyInstance, logger: Logger): void {
  if (!logger.isLevelEnabled('debug')) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    logger.debug(
      {
        req: { id: request.id, method: request.method, path: request.url.split('?')[0] },
        res: { statusCode: reply.statusCode },
        responseTime: reply.elapsedTime,
      },
      'request completed',
    );
    done();
  });
}
