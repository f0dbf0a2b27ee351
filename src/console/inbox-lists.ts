import { sql } from 'kysely';
import type { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { Provider, RefundRecord } from '../settlement/model.js';
import { toRefundView } from '../views/orders.js';
import { toReceiptView, type ReceiptRow } from './receipts.js';
import type { heldPaymentSchema, inboxRefundSchema, inboxWebhookSchema, pushGroupSchema } from './schemas.js';

/**
 * The inbox's lists, each newest first (pushes by endpoint), keyset-paginated on a unique key (`after` is the last key
 * of the previous page), each with its total, each read through an index of its own (0008, 0014).
 */

export interface ListPage<T> {
  total: number;
  items: T[];
  /** the key of the last item, when more follow */
  next: string | null;
}

const page = <T>(rows: T[], limit: number, key: (row: T) => string, total: number): ListPage<T> => ({
  total,
  items: rows.slice(0, limit),
  next: rows.length > limit ? key(rows[limit - 1]!) : null,
});

type InboxRefund = z.infer<typeof inboxRefundSchema>;

/** Refunds i'mport refused that a person must finish, with what the action needs: the payment's method and PG. */
export async function refundsToFinish(db: Db, limit: number, after?: string): Promise<ListPage<InboxRefund>> {
  const [{ rows }, total] = await Promise.all([
    sql<{ merchant_uid: string; refund: RefundRecord; provider: Provider; pay_method: string | null; pg_provider: string | null }>`
      SELECT r.merchant_uid, to_jsonb(r) - 'merchant_uid' AS refund, p.snapshot->>'provider' AS provider, p.snapshot->>'method' AS pay_method,
        p.snapshot->>'pg' AS pg_provider
      FROM refunds r JOIN payments p ON p.source_id = r.source_id
      WHERE r.state = 'needs_operator'
        AND (${after ?? null}::text IS NULL OR (r.created_at, r.id) < (SELECT created_at, id FROM refunds WHERE id = ${after ?? null}))
      ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit + 1}`.execute(db),
    count(db, sql`SELECT count(*)::int AS n FROM refunds WHERE state = 'needs_operator'`),
  ]);
  const items = rows.map((row) => {
    const refund = { ...row.refund, created_at: iso(row.refund.created_at)!, completed_at: iso(row.refund.completed_at) };
    return { ...toRefundView(row.merchant_uid, refund, row.provider), note: refund.note, pay_method: row.pay_method, pg_provider: row.pg_provider };
  });
  return page(items, limit, (r) => r.id, total);
}

/**
 * Money i'mport reports paid that is not its order's payment (a forgery, a duplicate, a replaced account), held until
 * refunded, with the state of its refund: pending is the service at work; anything else waits for a person. A payment
 * i'mport answered unverifiably may hold money too, and only a person can tell.
 */
export async function heldPayments(db: Db, limit: number, after?: string): Promise<ListPage<z.infer<typeof heldPaymentSchema>>> {
  const held = sql`payments p JOIN orders o ON o.merchant_uid = p.merchant_uid
    LEFT JOIN LATERAL (SELECT state FROM refunds r WHERE r.source_id = p.source_id AND r.kind = 'cancel' ORDER BY r.created_at DESC, r.id DESC LIMIT 1) r ON true
    WHERE ((p.status = 'paid' AND p.role <> 'accepted') OR p.role = 'unverifiable')`;
  const [{ rows }, total] = await Promise.all([
    sql<{ merchant_uid: string; order_status: string; imp_uid: string; role: string; amount: string; cancel_amount: string; pay_method: string | null; updated_at: Date; refund_state: string | null }>`
      SELECT p.merchant_uid, o.status AS order_status, p.source_id AS imp_uid, p.role, p.amount, p.cancel_amount,
        p.snapshot->>'method' AS pay_method, p.updated_at, r.state AS refund_state
      FROM ${held}
        AND (${after ?? null}::text IS NULL OR (p.updated_at, p.source_id) < (SELECT updated_at, source_id FROM payments WHERE source_id = ${after ?? null}))
      ORDER BY p.updated_at DESC, p.source_id DESC LIMIT ${limit + 1}`.execute(db),
    count(db, sql`SELECT count(*)::int AS n FROM ${held}`),
  ]);
  const items = rows.map((row) => ({
    ...row,
    order_status: row.order_status as z.infer<typeof heldPaymentSchema>['order_status'],
    role: row.role as z.infer<typeof heldPaymentSchema>['role'],
    amount: Number(row.amount),
    cancel_amount: Number(row.cancel_amount),
    updated_at: row.updated_at.toISOString(),
    refund_state: row.refund_state as z.infer<typeof heldPaymentSchema>['refund_state'],
  }));
  return page(items, limit, (p) => p.imp_uid, total);
}

/** Held money no refund is carrying out or waiting for a person on (none, normally): it waits for a person too. */
export const countUnownedHeld = (db: Db) =>
  count(db, sql`SELECT count(*)::int AS n FROM payments p WHERE ((p.status = 'paid' AND p.role <> 'accepted') OR p.role = 'unverifiable')
    AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.source_id = p.source_id AND r.kind = 'cancel' AND r.state IN ('pending', 'needs_operator'))`);

type PushGroup = z.infer<typeof pushGroupSchema>;

/**
 * Event pushes that failed and are retried or were given up (an undelivered push with an endpoint has failed there), one
 * group per endpoint, with the latest answer.
 */
export async function failingPushes(db: Db, limit: number, after?: string): Promise<ListPage<PushGroup> & { events: number }> {
  const { rows } = await sql<PushGroup & { last_event: string; groups: number; events: number }>`
    WITH failing AS (
      SELECT endpoint, count(*)::int AS failing, count(gave_up_at)::int AS given_up, max(event_id) AS last_event
      FROM event_deliveries WHERE delivered_at IS NULL AND endpoint IS NOT NULL GROUP BY endpoint
    )
    SELECT f.endpoint, f.failing, f.given_up, a.attempted_at AS last_attempt_at, a.status_code AS last_status_code, a.error AS last_error,
      (SELECT count(*)::int FROM failing) AS groups, (SELECT coalesce(sum(failing), 0)::int FROM failing) AS events
    FROM failing f
    LEFT JOIN LATERAL (SELECT attempted_at, status_code, error FROM event_delivery_attempts WHERE event_id = f.last_event ORDER BY id DESC LIMIT 1) a ON true
    WHERE ${after ?? null}::text IS NULL OR f.endpoint > ${after ?? null}
    ORDER BY f.endpoint LIMIT ${limit + 1}`.execute(db);
  const items = rows.map(({ last_event: _event, groups: _groups, events: _events, ...group }) => ({ ...group, last_attempt_at: iso(group.last_attempt_at as unknown as Date) }));
  // the totals ride on every row; an empty page past the end still needs them
  const totals = rows[0] ?? (after ? await failingTotals(db) : { groups: 0, events: 0 });
  return { ...page(items, limit, (g) => g.endpoint, totals.groups), events: totals.events };
}

async function failingTotals(db: Db): Promise<{ groups: number; events: number }> {
  const { rows } = await sql<{ groups: number; events: number }>`
    SELECT count(DISTINCT endpoint)::int AS groups, count(*)::int AS events
    FROM event_deliveries WHERE delivered_at IS NULL AND endpoint IS NOT NULL`.execute(db);
  return rows[0]!;
}

const FAILED_WINDOW = sql`interval '24 hours'`;

/**
 * i'mport's deliveries of the last 24 hours we answered 503 (i'mport unreachable) or 500. One is resolved once a later
 * delivery of the same payment was applied, or its order was changed or re-checked against i'mport after it arrived.
 */
export async function failedWebhooks(db: Db, limit: number, after?: string): Promise<ListPage<z.infer<typeof inboxWebhookSchema>> & { unresolved: number }> {
  const { rows } = await sql<ReceiptRow & { resolved: boolean; total: number; unresolved: number }>`
    WITH failed AS (
      SELECT w.id, w.received_at, w.source_ip, w.imp_uid, w.merchant_uid, w.status, w.outcome,
        EXISTS (SELECT 1 FROM webhook_receipts later WHERE later.imp_uid = w.imp_uid AND later.id > w.id
                  AND later.outcome NOT IN ('received', 'unavailable', 'error') AND later.outcome NOT LIKE 'rejected%')
        OR EXISTS (SELECT 1 FROM orders o WHERE o.merchant_uid = coalesce(w.merchant_uid, (SELECT merchant_uid FROM payments WHERE source_id = w.imp_uid))
                  AND o.status <> 'pending' AND (o.updated_at > w.received_at OR o.checked_at > w.received_at)) AS resolved
      FROM webhook_receipts w
      WHERE w.outcome IN ('unavailable', 'error') AND w.received_at > now() - ${FAILED_WINDOW}
    )
    SELECT *, (SELECT count(*)::int FROM failed) AS total, (SELECT count(*)::int FROM failed WHERE NOT resolved) AS unresolved
    FROM failed WHERE ${after ?? null}::text IS NULL OR id < ${after ?? null}::bigint
    ORDER BY id DESC LIMIT ${limit + 1}`.execute(db);
  const items = rows.map(({ resolved, total: _total, unresolved: _unresolved, ...row }) => ({ ...toReceiptView(row), resolved }));
  const totals = rows[0] ?? (after ? await failedTotals(db) : { total: 0, unresolved: 0 });
  return { ...page(items, limit, (w) => w.id, totals.total), unresolved: totals.unresolved };
}

async function failedTotals(db: Db): Promise<{ total: number; unresolved: number }> {
  const first = await failedWebhooks(db, 1);
  return { total: first.total, unresolved: first.unresolved };
}

async function count(db: Db, query: ReturnType<typeof sql>): Promise<number> {
  const { rows } = await (query as ReturnType<typeof sql<{ n: number }>>).execute(db);
  return rows[0]!.n;
}

function iso(value: Date | string | null): string | null {
  return value === null ? null : new Date(value).toISOString();
}
