import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { orderCondition, kstEndExclusive, kstStart } from './search.js';
import type { OrderFilter } from './schemas.js';

/**
 * CSV of what the console's filter shows, for an accountant: one row per order or refund, amounts in whole won, times
 * in KST with the offset written out. Streamed in keyset pages, so an export of a year never sits in memory.
 */

const PAGE = 1000;
/** Excel reads UTF-8 (Korean names) only with a byte-order mark */
const BOM = '\uFEFF';

/** 2026-05-04 10:03:11 +09:00 */
export function kst(value: Date | string | null): string {
  if (value === null) return '';
  return `${new Date(new Date(value).getTime() + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} +09:00`;
}

/**
 * One CSV field (RFC 4180 quoting). Text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe: a buyer's name must never become a formula on the accountant's machine.
 */
function field(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const line = (values: Array<string | number | null | undefined>) => `${values.map(field).join(',')}\r\n`;

async function* csv<T extends { key: string }>(header: string[], nextPage: (after?: string) => Promise<T[]>, toRow: (row: T) => Array<string | number | null>) {
  yield BOM + line(header);
  let after: string | undefined;
  for (;;) {
    const rows = await nextPage(after);
    if (rows.length) yield rows.map((row) => line(toRow(row))).join('');
    if (rows.length < PAGE) return;
    after = rows.at(-1)!.key;
  }
}

const ORDER_COLUMNS = [
  'merchant_uid', 'created_at', 'name', 'status', 'currency', 'amount', 'paid_amount', 'refunded_amount', 'net_amount',
  'pay_method', 'pg_provider', 'imp_uid', 'paid_at', 'cancelled_at', 'buyer_name', 'buyer_email', 'provider', 'transaction_id',
];

/** The PSP's id of the accepted payment: V1's imp_uid and V2's transactionId get columns of their own, new ones last. */
const idColumns = (provider: string, sourceId: string | null): [string | null, string, string | null] =>
  provider === 'iamport' ? [sourceId, provider, null] : [null, provider, sourceId];

/** The orders the filter selects, newest first. */
export async function ordersCsv(db: Db, filter: OrderFilter): Promise<Readable> {
  const where = await orderCondition(db, filter);
  const nextPage = async (after?: string) => {
    let query = db.selectFrom('orders').selectAll().where(where).orderBy('created_at', 'desc').orderBy('merchant_uid', 'desc').limit(PAGE);
    if (after) query = query.where(sql<boolean>`(created_at, merchant_uid) < (SELECT created_at, merchant_uid FROM orders WHERE merchant_uid = ${after})`);
    return (await query.execute()).map((row) => ({ ...row, key: row.merchant_uid }));
  };
  return Readable.from(
    csv(ORDER_COLUMNS, nextPage, (o) => {
      const paid = Number(o.paid_amount);
      const refunded = Number(o.cancelled_amount);
      const [impUid, provider, transactionId] = idColumns(o.provider, o.source_id);
      return [o.merchant_uid, kst(o.created_at), o.name, o.status, o.currency, Number(o.amount), paid, refunded, paid - refunded,
        o.pay_method, o.pg_provider, impUid, kst(o.paid_at), kst(o.cancelled_at), o.buyer.name ?? null, o.buyer.email ?? null, provider, transactionId];
    }),
  );
}

const REFUND_COLUMNS = [
  'refund_id', 'created_at', 'completed_at', 'merchant_uid', 'order_name', 'imp_uid', 'pay_method', 'kind', 'reason', 'state',
  'amount', 'actor', 'note', 'refund_bank', 'refund_account_last4', 'last_error', 'provider', 'transaction_id',
];

interface RefundRow {
  key: string;
  id: string;
  created_at: Date;
  completed_at: Date | null;
  merchant_uid: string;
  order_name: string;
  provider: string;
  source_id: string;
  pay_method: string | null;
  kind: string;
  reason: string;
  state: string;
  amount: string;
  actor: string | null;
  note: string | null;
  refund_to: { bank?: string; account?: string; account_last4?: string } | null;
  last_error: string | null;
}

/** The refunds, made from..to (KST), of the orders q and status select; newest first. */
export async function refundsCsv(db: Db, filter: OrderFilter & { state?: string }): Promise<Readable> {
  const where = await orderCondition(db, { q: filter.q, status: filter.status });
  const nextPage = async (after?: string): Promise<RefundRow[]> => {
    let query = db
      .selectFrom('refunds')
      .innerJoin('orders', 'orders.merchant_uid', 'refunds.merchant_uid')
      .innerJoin('payments', 'payments.source_id', 'refunds.source_id')
      .select(['refunds.id', 'refunds.id as key', 'refunds.created_at', 'refunds.completed_at', 'refunds.merchant_uid', 'orders.name as order_name', 'orders.provider', 'refunds.source_id',
        'refunds.kind', 'refunds.reason', 'refunds.state', 'refunds.amount', 'refunds.actor', 'refunds.note', 'refunds.refund_to', 'refunds.last_error'])
      .select(sql<string | null>`payments.snapshot->>'method'`.as('pay_method'))
      .where(where)
      .orderBy('refunds.created_at', 'desc')
      .orderBy('refunds.id', 'desc')
      .limit(PAGE);
    if (filter.state) query = query.where('refunds.state', '=', filter.state as never);
    if (filter.from) query = query.where('refunds.created_at', '>=', kstStart(filter.from));
    if (filter.to) query = query.where('refunds.created_at', '<', kstEndExclusive(filter.to));
    if (after) query = query.where(sql<boolean>`(refunds.created_at, refunds.id) < (SELECT created_at, id FROM refunds WHERE id = ${after})`);
    return (await query.execute()) as unknown as RefundRow[];
  };
  return Readable.from(
    csv(REFUND_COLUMNS, nextPage, (r) => {
      const [impUid, provider, transactionId] = idColumns(r.provider, r.source_id);
      return [r.id, kst(r.created_at), kst(r.completed_at), r.merchant_uid, r.order_name, impUid, r.pay_method, r.kind, r.reason, r.state,
        Number(r.amount), r.actor, r.note, r.refund_to?.bank ?? null, r.refund_to?.account_last4 ?? r.refund_to?.account?.slice(-4) ?? null, r.last_error,
        provider, transactionId];
    }),
  );
}
