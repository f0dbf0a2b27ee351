import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyCors from '@fastify/cors';
import { AddressList } from '../addresses.js';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

const PUBLIC = /^\/(payments\/complete|payments\/result|payments\/status\/[^/?]+)(\?|$)/;
export const IAMPORT_WEBHOOK_ROUTE = '/webhooks/iamport';

/**
 * Whether the request was routed to i'mport's webhook and comes from IAMPORT_WEBHOOK_IPS. Decided on the route the
 * router chose, never on the URL as sent: `/webhooks/%69amport`, a `#fragment` or the absolute form reach the same route.
 */
export function webhookSourceCheck(config: Config): { listed: boolean; allows: (request: FastifyRequest) => boolean } {
  const allowed = config.webhookAllowedIps && new AddressList(config.webhookAllowedIps);
  return {
    listed: Boolean(allowed),
    allows: (request) => request.routeOptions.url === IAMPORT_WEBHOOK_ROUTE && Boolean(allowed?.has(request.ip)),
  };
}

/**
 * CORS only for configured origins and only on the browser-facing payment endpoints; i'mport's webhook only from
 * IAMPORT_WEBHOOK_IPS when that allow-list is set (V1 webhooks are unsigned, so the source is all we can check).
 */
export async function registerSecurity(app: FastifyInstance, config: Config): Promise<void> {
  const origins = new Set(config.corsOrigins);
  // without CORS_ORIGINS no origin is allowed: the plugin's per-request work would only ever say no
  if (origins.size > 0) await app.register(fastifyCors, {
    delegator: (request, callback) => {
      const allowed = PUBLIC.test(request.url ?? '') && origins.has(String(request.headers.origin));
      callback(null, { origin: allowed, methods: ['GET', 'POST'] });
    },
  });
  const source = webhookSourceCheck(config);
  if (!source.listed) return;
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.url === IAMPORT_WEBHOOK_ROUTE && !source.allows(request)) {
      throw new AppError(403, 'forbidden', `webhooks are not accepted from ${request.ip}`);
    }
  });
}
