import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/connect.js';
import { registerRepeatingJob } from '../jobs/repeat.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * RATE_LIMIT_STORE=postgres: fixed-window counters in an UNLOGGED table, so every instance counts against the same
 * limit, at the price of one upsert on a hot row per request.
 */
export function postgresRateLimitStore(app: FastifyInstance, db: Db) {
  registerRepeatingJob(app, 'rate-limit window clean-up', 5 * 60_000, () => sql`DELETE FROM rate_limits WHERE reset_at < now()`.execute(db));
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
