import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database, OrderRow, OrderStatus } from '../db/schema.js';

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
export function listOrders(db: Db, options: PageOptions): Promise<Page<OrderRow>> {
  return pageOfOrders(db.selectFrom('orders').selectAll(), options);
}

export interface PageOptions {
  status?: OrderStatus;
  limit: number;
  /** the merchant_uid of the last order of the previous page */
  after?: string;
}

/** One page of the orders a query selects (GET /orders, the console's search), newest first. */
export async function pageOfOrders(orders: SelectQueryBuilder<Database, 'orders', OrderRow>, options: PageOptions): Promise<Page<OrderRow>> {
  let query = orders.orderBy('created_at', 'desc').orderBy('merchant_uid', 'desc').limit(options.limit + 1);
  if (options.status) query = query.where('status', '=', options.status);
  if (options.after) {
    const cursor = sql`(SELECT created_at, merchant_uid FROM orders WHERE merchant_uid = ${options.after})`;
    query = query.where(sql<boolean>`(created_at, merchant_uid) < ${cursor}`);
  }
  const rows = await query.execute();
  const page = rows.slice(0, options.limit);
  return { rows: page, next: rows.length > options.limit ? page.at(-1)!.merchant_uid : null };
}
