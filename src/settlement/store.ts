import type pg from 'pg';
import type { Transition } from './facts.js';
import type { EventData } from './deps.js';
import type { OrderRecord, PaymentRecord, RefundRecord, SettlementState } from './model.js';

/**
 * The core's two statements, prepared once per connection: one read of an order with all its payments and refunds,
 * and one write of a transition that commits only if the order is still at the version it was computed from.
 * Two round trips per change, and one plain read for a repeat that changes nothing.
 */

const READ = `
SELECT to_jsonb(o) - 'checked_at' AS "order",
  coalesce((SELECT jsonb_agg(jsonb_build_object('source_id', p.source_id, 'seq', p.seq, 'role', p.role, 'retired', p.retired, 'snapshot', p.snapshot) ORDER BY p.seq)
    FROM payments p WHERE p.merchant_uid = o.merchant_uid), '[]'::jsonb) AS payments,
  coalesce((SELECT jsonb_agg(to_jsonb(r) - 'merchant_uid' - 'updated_at' ORDER BY r.created_at, r.id)
    FROM refunds r WHERE r.merchant_uid = o.merchant_uid), '[]'::jsonb) AS refunds
FROM orders o WHERE o.merchant_uid = $1`;

/** The order's update, which every write makes: it takes the row lock and succeeds only on the expected version. */
const UPDATE_ORDER = `o AS (
  UPDATE orders SET status = $3, source_id = $4, pay_method = $5, pg_provider = $6, paid_amount = $7, cancelled_amount = $8,
    vbank = $9::jsonb, paid_at = $10, cancelled_at = $11, amount_registered = $12, version = version + 1, updated_at = $13
  WHERE merchant_uid = $1 AND version = $2
  RETURNING merchant_uid
)`;

/** The other parts, each only in the statements that need it (a part left out costs the executor nothing). */
const PARTS = {
  payments: (n: number) => `p AS (
  INSERT INTO payments (source_id, merchant_uid, seq, role, retired, status, amount, cancel_amount, currency, test, snapshot, updated_at)
  SELECT x.source_id, o.merchant_uid, x.seq, x.role, x.retired, x.snapshot->>'status', (x.snapshot->>'amount')::numeric,
    (x.snapshot->>'cancel_amount')::numeric, x.snapshot->>'currency', (x.snapshot->>'test')::boolean, x.snapshot, $13
  FROM o, jsonb_to_recordset($${n}::jsonb) AS x(source_id text, seq integer, role text, retired boolean, snapshot jsonb)
  ON CONFLICT (source_id) DO UPDATE SET role = excluded.role, retired = excluded.retired, status = excluded.status,
    amount = excluded.amount, cancel_amount = excluded.cancel_amount, currency = excluded.currency, test = excluded.test,
    snapshot = excluded.snapshot, updated_at = excluded.updated_at
)`,
  refunds: (n: number) => `r AS (
  INSERT INTO refunds (id, merchant_uid, source_id, kind, reason, amount, checksum, state, note, refund_to, request_key, actor, attempts,
    last_error, next_attempt_at, created_at, updated_at, completed_at)
  SELECT x.id, o.merchant_uid, x.source_id, x.kind, x.reason, x.amount, x.checksum, x.state, x.note, x.refund_to, x.request_key, x.actor,
    x.attempts, x.last_error, x.next_attempt_at, x.created_at, $13, x.completed_at
  FROM o, jsonb_to_recordset($${n}::jsonb) AS x(id text, source_id text, kind text, reason text, amount numeric, checksum numeric,
    state text, note text, refund_to jsonb, request_key text, actor text, attempts integer, last_error text, next_attempt_at timestamptz,
    created_at timestamptz, completed_at timestamptz)
  ON CONFLICT (id) DO UPDATE SET state = excluded.state, attempts = excluded.attempts, last_error = excluded.last_error,
    next_attempt_at = excluded.next_attempt_at, updated_at = excluded.updated_at, completed_at = excluded.completed_at,
    -- an operator's retry attempts the same refund again: with the checksum read now, the account given, by them;
    -- a completed one keeps only the account's bank and last four digits
    amount = excluded.amount, checksum = excluded.checksum, refund_to = excluded.refund_to, actor = excluded.actor
)`,
  events: (n: number) => `e AS (
  INSERT INTO order_events (type, merchant_uid, transition, data)
  SELECT x.type, o.merchant_uid, x.transition, x.data
  FROM o, jsonb_to_recordset($${n}::jsonb) AS x(n integer, type text, transition text, data jsonb)
  ORDER BY x.n
  RETURNING id
)`,
  // the transactional outbox: an event is queued for push in the statement that records it, or not at all
  deliveries: () => `d AS (INSERT INTO event_deliveries (event_id) SELECT id FROM e)`,
};
type Part = keyof typeof PARTS;

const statements = new Map<string, { name: string; text: string }>();

/** One prepared statement per combination of parts; the JSON of each included part is its parameter, in order. */
function writeStatement(parts: Part[]): { name: string; text: string } {
  const key = parts.join('+');
  let statement = statements.get(key);
  if (!statement) {
    const ctes = parts.map((part, i) => PARTS[part](14 + i));
    const text = `WITH ${[UPDATE_ORDER, ...ctes].join(',\n')}\nSELECT count(*)::int AS applied FROM o`;
    statement = { name: `settlement.write.${key || 'order'}`, text };
    statements.set(key, statement);
  }
  return statement;
}

const instant = (value: string | null): string | null => (value === null ? null : new Date(value).toISOString());

export async function readState(pool: pg.Pool, merchantUid: string): Promise<SettlementState | null> {
  const { rows } = await pool.query({ name: 'settlement.read', text: READ, values: [merchantUid] });
  const row = rows[0] as { order: OrderRecord; payments: PaymentRecord[]; refunds: RefundRecord[] } | undefined;
  if (!row) return null;
  const order = row.order;
  for (const key of ['paid_at', 'cancelled_at', 'created_at', 'updated_at'] as const) order[key] = instant(order[key])!;
  for (const refund of row.refunds) {
    for (const key of ['next_attempt_at', 'created_at', 'completed_at'] as const) refund[key] = instant(refund[key])!;
  }
  return { order, payments: row.payments, refunds: row.refunds };
}

/**
 * Writes a transition; false when another change of the order committed first (then read and decide again). With
 * `pushEvents` its events are queued for EVENT_WEBHOOK_URL in the same statement; `eventData` is how they show.
 */
export async function writeTransition(
  pool: pg.Pool,
  before: SettlementState,
  result: Transition,
  now: Date,
  { pushEvents, eventData }: { pushEvents: boolean; eventData: EventData },
): Promise<boolean> {
  const order = { ...result.order, updated_at: now.toISOString() };
  const events = result.events.map((event, n) => {
    const record = event.source_id ? result.payments.find((p) => p.source_id === event.source_id) : undefined;
    return { n, type: event.type, transition: event.transition, data: eventData(order, record, result.refunds) };
  });
  const json: Array<[Part, unknown[]]> = [['payments', result.changed.payments], ['refunds', result.changed.refunds], ['events', events]];
  const parts = json.filter(([, rows]) => rows.length > 0).map(([part]) => part);
  if (pushEvents && parts.includes('events')) parts.push('deliveries');
  const values = [
    order.merchant_uid, before.order.version, order.status, order.source_id, order.pay_method, order.pg_provider, order.paid_amount,
    order.cancelled_amount, order.vbank && JSON.stringify(order.vbank), order.paid_at, order.cancelled_at, order.amount_registered, order.updated_at,
    ...json.filter(([part]) => parts.includes(part)).map(([, rows]) => JSON.stringify(rows)),
  ];
  const { rows } = await pool.query({ ...writeStatement(parts), values });
  return (rows[0] as { applied: number }).applied === 1;
}
