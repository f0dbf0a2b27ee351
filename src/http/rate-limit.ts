import type { FastifyInstance } from 'fastify';
import fastifyRateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { postgresRateLimitStore } from './rate-limit-postgres.js';
import { webhookSourceCheck } from './security.js';

const UNLIMITED = /^\/(healthz|readyz|docs|openapi\.json|sandbox\/)/;
/** clients remembered per instance (least recently seen forgotten first) */
const MEMORY_STORE_KEYS = 100_000;

/** Whether requests to this path count against a rate limit (and may be answered 429). */
export const isRateLimited = (path: string): boolean => !UNLIMITED.test(path);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** this route's requests are counted per client IP in a bucket of their own, at this limit, instead of the public one */
    ownRateLimit?: { name: string; perMinute: number };
  }
}

/**
 * A caller with a valid API key (registerCallerIdentification ran first): per key at INTERNAL_RATE_LIMIT/min. Anyone
 * else, including a wrong key on an internal endpoint: per client IP (IPv6 per /64) at PUBLIC_RATE_LIMIT/min. Registered
 * as an application hook so that it runs before authentication and the webhook allow-list refuse anyone.
 * i'mport's allow-listed addresses are not limited on the webhook: a busy shop's notifications all come from a few of
 * them, and a 429 there would drop payments' notifications, not slow an abuser.
 */
export async function registerRateLimits(app: FastifyInstance, db: Db, config: Config): Promise<void> {
  const trustedWebhook = webhookSourceCheck(config).allows;
  await app.register(fastifyRateLimit, {
    global: false,
    timeWindow: 60_000,
    ...(config.rateLimitStore === 'postgres' ? { store: postgresRateLimitStore(app, db) } : { cache: MEMORY_STORE_KEYS }),
    // the shared store's database may be down: serve rather than refuse everyone
    skipOnError: true,
    allowList: (request) => !isRateLimited(request.routeOptions.url ?? request.url) || trustedWebhook(request),
    max: (request) => request.routeOptions.config.ownRateLimit?.perMinute ?? (request.apiKeyId ? config.internalRateLimit : config.publicRateLimit),
    keyGenerator: (request) => {
      const own = request.routeOptions.config.ownRateLimit;
      if (own) return `${own.name}:${normalizeIP(request.ip)}`;
      return request.apiKeyId ? `key:${request.apiKeyId}` : `ip:${normalizeIP(request.ip)}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `rate limit exceeded: at most ${context.max} requests per minute; retry in ${context.after}`,
    }),
  });
  app.addHook('onRequest', app.rateLimit());
}
