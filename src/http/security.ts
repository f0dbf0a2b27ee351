import type { FastifyInstance } from 'fastify';
import fastifyCors from '@fastify/cors';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';

const PUBLIC = /^\/(payments\/complete|payments\/result|payments\/status\/[^/?]+)(\?|$)/;

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
  const allowedIps = config.webhookAllowedIps && new Set(config.webhookAllowedIps);
  if (!allowedIps) return;
  app.addHook('onRequest', async (request) => {
    if (request.url.split('?')[0] === '/webhooks/iamport' && !allowedIps.has(request.ip)) {
      throw new AppError(403, 'forbidden', `webhooks are not accepted from ${request.ip}`);
    }
  });
}
