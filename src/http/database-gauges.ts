import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connect.js';
import { metricName, metricsClient, type MetricsRegistry } from './metrics.js';

export interface Outbox {
  /** events queued for EVENT_WEBHOOK_URL, neither delivered nor given up */
  backlog: number;
  oldest_undelivered_at: string | null;
}

/**
 * The outbox as it stands. Without EVENT_WEBHOOK_URL nothing is pushed, and the rows the trigger queues anyway are not a
 * backlog: that is 0. Reads only the undelivered rows, through their partial index.
 */
export async function readOutbox(db: Db, push: boolean): Promise<Outbox> {
  if (!push) return { backlog: 0, oldest_undelivered_at: null };
  const { rows } = await sql<{ backlog: number; oldest: Date | null }>`
    WITH pending AS (
      SELECT count(*)::int AS backlog, min(event_id) AS oldest FROM event_deliveries
      WHERE delivered_at IS NULL AND gave_up_at IS NULL
    )
    SELECT pending.backlog, e.created_at AS oldest FROM pending LEFT JOIN order_events e ON e.id = pending.oldest`.execute(db);
  const row = rows[0]!;
  return { backlog: row.backlog, oldest_undelivered_at: row.oldest && row.oldest.toISOString() };
}

/** Orders with a refund that i'mport refused and a person must finish (refunds_by_state index). */
export async function countOrdersNeedingOperator(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT merchant_uid)::int AS n FROM refunds WHERE state = 'needs_operator'`.execute(db);
  return rows[0]!.n;
}

/** A value read at most once per second, so that the gauges of one scrape share one query. */
function perScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > 1000) cached = { at: Date.now(), value: read() };
    return cached.value;
  };
}

/**
 * Gauges that need the database, computed when Prometheus scrapes and never on a request. They read the same rows on
 * every instance: aggregate them with max(), not sum(). A failed read keeps the last value and logs.
 */
export function registerDatabaseGauges(registry: MetricsRegistry, db: Db, push: boolean, log: FastifyBaseLogger): void {
  const outbox = perScrape(() => readOutbox(db, push));
  const gauge = (name: string, help: string, read: () => Promise<number>) =>
    new metricsClient.Gauge({
      name: metricName(name),
      help,
      registers: [registry],
      async collect() {
        try {
          this.set(await read());
        } catch (error) {
          log.warn({ err: error, metric: name }, 'metric not read from the database');
        }
      },
    });
  gauge('outbox_backlog', 'order events not yet pushed to EVENT_WEBHOOK_URL (0 when unset)', async () => (await outbox()).backlog);
  gauge('outbox_oldest_undelivered_age_seconds', 'age of the oldest event not yet pushed (0 when none)', async () => {
    const oldest = (await outbox()).oldest_undelivered_at;
    return oldest ? (Date.now() - Date.parse(oldest)) / 1000 : 0;
  });
  gauge('orders_needing_operator', 'orders with a refund that i\'mport refused and a person must finish', () => countOrdersNeedingOperator(db));
}
