import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Database, OrderRow } from '../db/schema.js';
import { pageOfOrders, type Page, type PageOptions } from '../orders/repository.js';
import type { OrderFilter } from './schemas.js';

export interface SearchOptions extends PageOptions {
  q?: string;
  from?: string;
  to?: string;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A KST day's first instant; `to` is inclusive, so it ends at the next day's. */
export const kstStart = (day: string) => new Date(`${day}T00:00:00+09:00`);
export const kstEndExclusive = (day: string) => new Date(kstStart(day).getTime() + 86_400_000);

/**
 * The orders a filter selects, as a condition on `orders`: by `q` its merchant_uid, the order of a payment's imp_uid,
 * or a buyer whose name or email starts with it (any case), each through its index (0008, 0010); and by creation day.
 */
export async function orderCondition(db: Db, filter: OrderFilter) {
  const { q, from, to } = filter;
  const paid = q ? await db.selectFrom('payments').select('merchant_uid').where('source_id', '=', q).executeTakeFirst() : undefined;
  return (eb: ExpressionBuilder<Database, 'orders'>) => {
    const conditions = [];
    if (q) {
      const prefix = `${escapeLike(q.toLowerCase())}%`;
      conditions.push(
        eb.or([
          eb('orders.merchant_uid', 'in', paid ? [q, paid.merchant_uid] : [q]),
          // each condition says what its partial index covers (0010), so the planner can use it
          eb.and([sql<boolean>`orders.buyer ? 'email'`, eb(sql<string>`lower(orders.buyer->>'email')`, 'like', prefix)]),
          eb.and([sql<boolean>`orders.buyer ? 'name'`, eb(sql<string>`lower(orders.buyer->>'name')`, 'like', prefix)]),
        ]),
      );
    }
    if (filter.status) conditions.push(eb('orders.status', '=', filter.status));
    if (from) conditions.push(eb('orders.created_at', '>=', kstStart(from)));
    if (to) conditions.push(eb('orders.created_at', '<', kstEndExclusive(to)));
    return eb.and(conditions);
  };
}

/**
 * Orders an operator may mean: newest first, keyset-paginated on (created_at, merchant_uid) like GET /orders, so a
 * page never skips an order however many arrive meanwhile.
 */
export async function searchOrders(db: Db, options: SearchOptions): Promise<Page<OrderRow>> {
  const where = await orderCondition(db, options);
  return pageOfOrders(db.selectFrom('orders').selectAll().where(where), { limit: options.limit, after: options.after });
}
