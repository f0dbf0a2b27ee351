import { sql } from 'kysely';
import t from 'tap';
import { pruneAuditRecords } from '../../src/jobs/audit-retention.js';
import { startService } from '../helpers/service.js';

const daysAgo = (days: number) => sql<Date>`now() - make_interval(days => ${days})`;

t.test('audit records older than the retention are deleted in batches, by any number of instances at once; events stay', async (t) => {
  const service = await startService(t);
  const { db } = service.database;
  const receipts = (days: number, count: number) =>
    db
      .insertInto('webhook_receipts')
      .values(Array.from({ length: count }, (_, i) => ({ source_ip: '127.0.0.1', imp_uid: `imp_${days}_${i}`, body: '{}', received_at: daysAgo(days) as never })))
      .execute();
  await receipts(45, 7);
  await receipts(29, 3);

  const orders = await Promise.all([service.createOrder(1000), service.createOrder(2000), service.createOrder(3000)]);
  const events = await db.selectFrom('order_events').select('id').orderBy('id').execute();
  t.equal(events.length, 3, 'one order.created each');
  // queued as the settlement core queues them when EVENT_WEBHOOK_URL is set
  await db.insertInto('event_deliveries').columns(['event_id']).expression(db.selectFrom('order_events').select('id')).execute();
  const [delivered, gaveUp, fresh] = events.map((event) => event.id);
  await db.updateTable('event_deliveries').set({ delivered_at: daysAgo(40) as never }).where('event_id', '=', delivered!).execute();
  await db.updateTable('event_deliveries').set({ gave_up_at: daysAgo(31) as never }).where('event_id', '=', gaveUp!).execute();
  await db
    .insertInto('event_delivery_attempts')
    .values([
      { event_id: delivered!, attempted_at: daysAgo(40) as never, status_code: 200 },
      { event_id: fresh!, status_code: 503 },
    ])
    .execute();

  const deleted = await Promise.all([pruneAuditRecords(db, 30, 2), pruneAuditRecords(db, 30, 2), pruneAuditRecords(db, 30, 2)]);
  t.equal(deleted.reduce((sum, count) => sum + count, 0), 7 + 2 + 1, 'each old row deleted once, whoever took it');

  const left = async (table: 'webhook_receipts' | 'event_deliveries' | 'event_delivery_attempts') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  t.equal(await left('webhook_receipts'), 3, 'receipts within the retention stay');
  t.same((await db.selectFrom('event_deliveries').select('event_id').execute()).map((row) => row.event_id), [fresh], 'a delivery still to do stays');
  t.equal(await left('event_delivery_attempts'), 1);
  t.equal((await db.selectFrom('order_events').select('id').execute()).length, 3, 'the event feed is never pruned');
  t.equal((await service.api('GET', `/orders/${orders[0].merchant_uid}`)).status, 200);

  await db.updateTable('event_deliveries').set({ next_attempt_at: daysAgo(31) as never }).execute();
  t.equal(await pruneAuditRecords(db, 30), 1, 'a delivery never tried (EVENT_WEBHOOK_URL since removed) goes after the retention too');
  t.equal(await pruneAuditRecords(db, 30), 0);
});
