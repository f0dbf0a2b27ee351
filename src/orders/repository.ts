import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { OrderRow, OrderStatus } from '../db/schema.js';

/** Reads of orders for the internal API; every write goes through the settlement core. */

export async function findOrder(db: Db, merchantUid: string): Promise<OrderRow | undefined> {
  return db.selectFrom('orders').selectAll().where('merchant_uid', '=', merchantUid).executeTakeFirst();
}

export interface Page<T> {
  rows: T[];
  /** the key of the last row, when more rows follow */
  next: string | null;
}

/**
 * Newest first, keyset-paginated on (created_at, merchant_uid) so deep pages cost the same as the first. The cursor
 * row's own timestamp is read in SQL, keeping PostgreSQL's microseconds that a JavaScript Date would round off.
 */
export async function listOrders(db: Db, options: { status?: OrderStatus; limit: number; after?: string }): Promise<Page<OrderRow>> {
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
