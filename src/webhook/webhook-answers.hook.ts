import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../metrics/metrics.js';
import { WEBHOOK_INTAKE } from './webhook-refusal.filter.js';

/**
 * Counts every answer to Meta's webhook POST by status (`whatsapp_webhook_requests_total`). A Fastify `onResponse`
 * hook, because it sees them all: 200 and 503 from the controller, 400 and 401 from the guard and the global filter,
 * 413 and 415 from Fastify itself before any controller runs.
 */
export function countWebhookAnswers(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    const config = request.routeOptions.config as object | undefined;
    if (request.method === 'POST' && config && WEBHOOK_INTAKE in config) metrics.webhookAnswered(reply.statusCode);
    done();
  });
}
