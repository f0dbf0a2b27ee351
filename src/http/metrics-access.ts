import type { FastifyInstance } from 'fastify';
import { AddressList } from '../addresses.js';

/**
 * /metrics tells paid orders, refunds, forgeries and backlogs: only METRICS_ALLOW (by default loopback and private
 * ranges, where a scraper runs) may read it; anyone else gets the 404 of a path that does not exist.
 */
export function registerMetricsAccess(app: FastifyInstance, metricsAllow: readonly string[]): void {
  const allowed = new AddressList(metricsAllow);
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== '/metrics' || allowed.has(request.ip)) return;
    reply.callNotFound();
    return reply;
  });
}
