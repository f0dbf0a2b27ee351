import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { pageOfOrders, type Page, type PageOptions } from '../orders/repository.js';

export interface SearchOptions extends PageOptions {
  q: string;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Orders an operator may mean by `q`: its merchant_uid, the order of a payment's imp_uid, or a buyer whose name or email
 * starts with it (any case). Newest first, keyset-paginated on (created_at, merchant_uid) like GET /orders, so a page
 * never skips an order however many arrive meanwhile. Each condition has its index (0008_console_reads.sql).
 */
export async function searchOrders(db: Db, options: SearchOptions): Promise<Page<OrderRow>> {
  const paid = await db.selectFrom('payments').select('merchant_uid').where('imp_uid', '=', options.q).executeTakeFirst();
  const ids = paid ? [options.q, paid.merchant_uid] : [options.q];
  const prefix = `${escapeLike(options.q.toLowerCase())}%`;
  const matching = db
    .selectFrom('orders')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('merchant_uid', 'in', ids),
        // each condition says what its partial index covers (0010), so the planner can use it
        eb.and([sql<boolean>`buyer ? 'email'`, eb(sql<string>`lower(buyer->>'email')`, 'like', prefix)]),
        eb.and([sql<boolean>`buyer ? 'name'`, eb(sql<string>`lower(buyer->>'name')`, 'like', prefix)]),
      ]),
    );
  return pageOfOrders(matching, options);
}
