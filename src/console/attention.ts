import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { OrderStatus, PaymentRole } from '../settlement/model.js';
import { RECEIPT_COLUMNS, toReceiptView, type ReceiptRow } from './receipts.js';
import type { attentionSchema, failingDeliverySchema, heldPaymentSchema } from './schemas.js';

/**
 * What an operator should look at besides the refunds i'mport refused (GET /refunds?state=needs_operator). Each list is
 * the newest `limit` rows, read through an index of its own (0008_console_reads.sql), never a scan of a whole table.
 */

interface HeldRow {
  merchant_uid: string;
  order_status: OrderStatus;
  imp_uid: string;
  role: PaymentRole;
  amount: string;
  cancel_amount: string;
  pay_method: string | null;
  updated_at: Date;
}

/**
 * Money i'mport reports paid that is not its order's payment (a forgery, a duplicate, a replaced account): it is held
 * until refunded. An accepted payment that is paid always makes its order paid, so these are all the orders with a paid
 * payment that is not paid here.
 */
async function paidNotSettled(db: Db, limit: number): Promise<Array<z.infer<typeof heldPaymentSchema>>> {
  const { rows } = await sql<HeldRow>`
    SELECT p.merchant_uid, o.status AS order_status, p.imp_uid, p.role, p.amount, p.cancel_amount,
      p.snapshot->>'pay_method' AS pay_method, p.updated_at
    FROM payments p JOIN orders o ON o.merchant_uid = p.merchant_uid
    WHERE p.status = 'paid' AND p.role <> 'accepted'
    ORDER BY p.updated_at DESC LIMIT ${limit}`.execute(db);
  return rows.map((row) => ({ ...row, amount: Number(row.amount), cancel_amount: Number(row.cancel_amount), updated_at: row.updated_at.toISOString() }));
}

interface DeliveryRow {
  event_id: string;
  merchant_uid: string;
  type: string;
  attempts: number;
  gave_up_at: Date | null;
  last_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
}

/** Pushes that failed at least once and are still retried, then those given up; each with its last attempt. */
async function failingDeliveries(db: Db, limit: number): Promise<Array<z.infer<typeof failingDeliverySchema>>> {
  const { rows } = await sql<DeliveryRow>`
    SELECT d.event_id, e.merchant_uid, e.type, d.attempts, d.gave_up_at,
      a.attempted_at AS last_attempt_at, a.status_code AS last_status_code, a.error AS last_error
    FROM (
      (SELECT event_id, attempts, gave_up_at FROM event_deliveries
        WHERE delivered_at IS NULL AND gave_up_at IS NULL AND attempts > 0 ORDER BY event_id LIMIT ${limit})
      UNION ALL
      (SELECT event_id, attempts, gave_up_at FROM event_deliveries
        WHERE gave_up_at IS NOT NULL ORDER BY gave_up_at DESC LIMIT ${limit})
    ) d
    JOIN order_events e ON e.id = d.event_id
    -- an attempt row is written once a push has failed or succeeded: an undelivered one with a row has failed
    JOIN LATERAL (SELECT attempted_at, status_code, error FROM event_delivery_attempts
      WHERE event_id = d.event_id ORDER BY id DESC LIMIT 1) a ON true
    ORDER BY d.gave_up_at DESC NULLS FIRST, d.event_id LIMIT ${limit}`.execute(db);
  return rows.map((row) => ({
    ...row,
    event_id: String(row.event_id),
    gave_up_at: row.gave_up_at && row.gave_up_at.toISOString(),
    last_attempt_at: row.last_attempt_at.toISOString(),
  }));
}

/** i'mport's deliveries of the last hour that we answered 503 (i'mport unreachable) or 500: i'mport sends them again. */
async function failedWebhooks(db: Db, limit: number) {
  const rows = await db
    .selectFrom('webhook_receipts')
    .select(RECEIPT_COLUMNS)
    .where(sql<boolean>`received_at > now() - interval '1 hour'`)
    .where('outcome', 'in', ['unavailable', 'error'])
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
  return (rows as ReceiptRow[]).map(toReceiptView);
}

export async function readAttention(db: Db, limit: number): Promise<z.infer<typeof attentionSchema>> {
  const [paid, deliveries, webhooks] = await Promise.all([paidNotSettled(db, limit), failingDeliveries(db, limit), failedWebhooks(db, limit)]);
  return { paid_not_settled: paid, failing_deliveries: deliveries, failed_webhooks: webhooks };
}
