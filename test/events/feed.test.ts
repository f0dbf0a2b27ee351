import t from 'tap';
import { inTransaction, type Db, type Tx } from '../../src/db/connect.js';
import type { OrderRow } from '../../src/db/schema.js';
import { toOrderView } from '../../src/views/orders.js';
import { startTestApp, TEST_API_KEY } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';

async function orderRow(db: Db, merchantUid: string): Promise<OrderRow> {
  return db.insertInto('orders').values({ merchant_uid: merchantUid, name: 'feed', amount: 1000, buyer: '{}', metadata: '{}', amount_registered: true }).returningAll().executeTakeFirstOrThrow();
}

/** The feed reads order_events as the settlement core writes them; here written directly, to stage commit orders. */
async function insertEvent(db: Db | Tx, order: OrderRow, transition: string): Promise<void> {
  await db.insertInto('order_events').values({ type: 'order.created', merchant_uid: order.merchant_uid, transition, data: JSON.stringify(toOrderView(order)) }).execute();
}

const record = insertEvent;

t.test('GET /events', async (t) => {
  const database = await freshDatabase(t);
  const { url } = await startTestApp(t, database);
  const feed = async (query: string) => {
    const response = await fetch(`${url}/events${query}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    t.equal(response.status, 200);
    return (await response.json()) as { items: { id: string; merchant_uid: string }[]; next_cursor: string | null };
  };
  /** other test files share the PostgreSQL cluster, and their open transactions hold the feed back a moment */
  const feedOnceSettled = async (query: string, count: number) => {
    for (let tries = 0; tries < 100; tries += 1) {
      const page = await feed(query);
      if (page.items.length >= count) return page;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return feed(query);
  };

  t.test('oldest first, paged by the last id seen', async (t) => {
    const order = await orderRow(database.db, 'ord_feed_1');
    for (const transition of ['a', 'b', 'c']) await record(database.db, order, transition);
    const first = await feedOnceSettled('?limit=2', 2);
    t.equal(first.items.length, 2);
    t.ok(Number(first.items[0]!.id) < Number(first.items[1]!.id), 'oldest first');
    t.equal(first.next_cursor, first.items[1]!.id);
    const rest = await feedOnceSettled(`?after=${first.next_cursor}&limit=2`, 1);
    t.same(rest.items.map((e) => e.merchant_uid), ['ord_feed_1']);
    t.equal(rest.next_cursor, null);
  });

  t.test('an event committed late is never skipped: later events wait for it', async (t) => {
    const seen = (await feedOnceSettled('?limit=500', 3)).items.at(-1)!.id;
    const order = await orderRow(database.db, 'ord_feed_2');
    let commitSlow!: () => void;
    const slowWritten = new Promise<void>((written) => {
      const slow = inTransaction(database.db, async (tx) => {
        await insertEvent(tx, order, 'slow'); // takes the lower id
        written();
        await new Promise<void>((resolve) => (commitSlow = resolve));
      });
      t.teardown(() => slow);
    });
    await slowWritten;
    await record(database.db, order, 'fast'); // higher id, committed first
    t.same((await feed(`?after=${seen}`)).items, [], 'nothing is shown while an earlier transaction is open');

    commitSlow();
    const page = await feedOnceSettled(`?after=${seen}`, 2);
    t.same(page.items.map((e) => e.merchant_uid), ['ord_feed_2', 'ord_feed_2']);
    t.ok(Number(page.items[0]!.id) < Number(page.items[1]!.id), 'both, in id order');
  });
});
