// The raw PostgreSQL rate of the verify transaction's SQL from a plain pg pool: the ceiling for POST /payments/complete.
import { createHistogram } from 'node:perf_hooks';
import pg from 'pg';

async function verifyTransaction(pool, { merchant_uid, imp_uid }) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT * FROM orders WHERE merchant_uid = $1 FOR UPDATE', [merchant_uid]);
    const { rows } = await client.query(
      `UPDATE orders SET status = 'paid', imp_uid = $2, paid_amount = amount, paid_at = now(), updated_at = now()
       WHERE merchant_uid = $1 RETURNING *`,
      [merchant_uid, imp_uid],
    );
    await client.query(
      `INSERT INTO payments (imp_uid, merchant_uid, status, amount, cancel_amount, currency, verdict, snapshot)
       VALUES ($1, $2, 'paid', $3, 0, 'KRW', 'accepted', '{}') ON CONFLICT (imp_uid) DO UPDATE SET updated_at = now()`,
      [imp_uid, merchant_uid, rows[0].amount],
    );
    await client.query(
      `INSERT INTO order_events (type, merchant_uid, transition, data) VALUES ('order.paid', $1, $2, $3)
       ON CONFLICT DO NOTHING`,
      [merchant_uid, `paid:${imp_uid}`, JSON.stringify(rows[0])],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

export async function runSqlCeiling({ databaseUrl, connections, durationMs, items }) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 20 });
  const histogram = createHistogram();
  const deadline = Date.now() + durationMs;
  let next = 0;
  let done = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline && next < items.length) {
        const item = items[next++];
        const t0 = process.hrtime.bigint();
        await verifyTransaction(pool, item);
        histogram.record(Number(process.hrtime.bigint() - t0) || 1);
        done += 1;
      }
    }),
  );
  await pool.end();
  const seconds = (Date.now() - started) / 1000;
  return { connections, requests: done, errors: 0, rps: done / seconds, p50ms: histogram.percentile(50) / 1e6, p99ms: histogram.percentile(99) / 1e6 };
}
