import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { registerRepeatingJob } from '../jobs/repeat.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * Fixed-window counters in an UNLOGGED table: every instance counts against the same limit. One upsert per
 * request; if the database cannot answer, the request is let through (skipOnError) rather than refused.
 */
function postgresStore(db: Db) {
  return class PostgresRateLimitStore {
    incr(key: string, callback: Callback, timeWindow: number): void {
      sql<{ current: number; ttl: number }>`
        INSERT INTO rate_limits AS r (key, count, reset_at) VALUES (${key}, 1, now() + make_interval(secs => ${timeWindow / 1000}))
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN r.reset_at <= now() THEN 1 ELSE r.count + 1 END,
          reset_at = CASE WHEN r.reset_at <= now() THEN EXCLUDED.reset_at ELSE r.reset_at END
        RETURNING count AS current, greatest(0, (extract(epoch FROM reset_at - now()) * 1000)::int) AS ttl`
        .execute(db)
        .then(({ rows }) => callback(null, rows[0]), (error: Error) => callback(error));
    }

    child(): PostgresRateLimitStore {
      return this;
    }
  };
}

const UNLIMITED = /^\/(healthz|readyz|metrics|docs|openapi\.json|sandbox\/)/;
const INTERNAL = /^\/(orders|events)(\/|\?|$)/;
const WEBHOOK = /^\/webhooks\/iamport(\?|$)/;

const keyDigest = (header: string) => createHash('sha256').update(header).digest('hex').slice(0, 16);

/**
 * Public endpoints: per client IP at PUBLIC_RATE_LIMIT/min. Internal ones: per API key at INTERNAL_RATE_LIMIT/min.
 * i'mport's allow-listed addresses are not limited on the webhook: a busy shop's notifications all come from a few
 * of them, and a 429 there would drop payments' notifications, not slow an abuser.
 */
export async function registerRateLimits(app: FastifyInstance, db: Db, config: Config): Promise<void> {
  const internal = (request: FastifyRequest) => INTERNAL.test(request.url) && Boolean(request.headers.authorization);
  const trustedWebhook = (request: FastifyRequest) => WEBHOOK.test(request.url) && Boolean(config.webhookAllowedIps?.includes(request.ip));
  await app.register(fastifyRateLimit, {
    global: true,
    timeWindow: 60_000,
    store: postgresStore(db),
    skipOnError: true,
    allowList: (request) => UNLIMITED.test(request.url) || trustedWebhook(request),
    max: (request) => (internal(request) ? config.internalRateLimit : config.publicRateLimit),
    keyGenerator: (request) => (internal(request) ? `key:${keyDigest(request.headers.authorization!)}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'rate_limited',
      message: `rate limit exceeded: at most ${context.max} requests per minute; retry in ${context.after}`,
    }),
  });
  registerRepeatingJob(app, 'rate-limit window clean-up', 5 * 60_000, () => sql`DELETE FROM rate_limits WHERE reset_at < now()`.execute(db));
}
