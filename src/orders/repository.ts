import { sql } from 'kysely';
import type { Db, Tx } from '../db/connect.js';
import type { NewOrder, OrderRow, OrderStatus, OrderUpdate } from '../db/schema.js';

export async function insertOrder(db: Db, order: NewOrder): Promise<OrderRow> {
  return db.insertInto('orders').values(order).returningAll().executeTakeFirstOrThrow();
}

export async function findOrder(db: Db | Tx, merchantUid: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('merchant_uid', '=', merchantUid).executeTakeFirst();
}

/** The row lock every money change takes first: one writer per order, across all instances. */
export async function lockOrder(tx: Tx, merchantUid: string): Promise<OrderRow | undefined> {
  return tx.selectFrom('orders').selectAll().where('merchant_uid', '=', merchantUid).forUpdate().executeTakeFirst();
}

export async function updateOrder(tx: Tx, merchantUid: string, change: OrderUpdate): Promise<OrderRow> {
  return tx
    .updateTable('orders')
    .set({ ...change, updated_at: sql`now()` })
    .where('merchant_uid', '=', merchantUid)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface OrderPage {
  rows: OrderRow[];
  /** the merchant_uid of the last row, when more rows follow */
  next: string | null;
}

/**
 * Newest first, keyset-paginated on (created_at, merchant_uid) so deep pages cost the same as the first. The cursor
 * row's own timestamp is read in SQL, keeping PostgreSQL's microseconds that a JavaScript Date would round off.
 */
export async function listOrders(db: Db, options: { status?: OrderStatus; limit: number; after?: string }): Promise<OrderPage> {
  let query = db.selectFrom('orders').selectAll().orderBy('created_at', 'desc').orderBy('merchant_uid', 'desc').limit(options.limit + 1);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.after) {
    const cursor = sql`(SELECT created_at, merchant_uid FROM orders WHERE merchant_uid = ${options.after})`;
    query = query.where(sql<boolean>`(created_at, merchant_uid) < ${cursor}`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  return { rows: page, next: rows.length > options.limit ? page.at(-1)!.merchant_uid : null };
}
