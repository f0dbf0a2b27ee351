import t from 'tap';
import { eventsOf, startService, type Service } from '../helpers/service.js';

/** An order as a crash between our insert and i'mport's prepare leaves it: stored, amount not registered. */
async function unregisteredOrder(service: Service, merchantUid: string, amount: number) {
  await service.database.db
    .insertInto('orders')
    .values({ merchant_uid: merchantUid, name: 'sync', amount, buyer: '{}', metadata: '{}' })
    .execute();
}

t.test('POST /orders/{merchant_uid}/sync', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const iamport = service.iamport;

  t.test('registers a missing amount first, then applies the latest payment', async (t) => {
    await unregisteredOrder(service, 'ord_sync_1', 6000);
    const synced = await service.api('POST', '/orders/ord_sync_1/sync');
    t.match(synced, { status: 200, body: { status: 'pending' } });
    t.match(await iamport.getPrepared('ord_sync_1'), { amount: 6000 });

    await control.createPayment({ merchant_uid: 'ord_sync_1', amount: 6000, status: 'failed' });
    await control.createPayment({ merchant_uid: 'ord_sync_1', amount: 6000 });
    await control.createPayment({ merchant_uid: 'ord_sync_1', amount: 6000, status: 'failed' });
    const paid = await service.api('POST', '/orders/ord_sync_1/sync');
    t.match(paid, { status: 200, body: { status: 'paid', paid_amount: 6000 } }, 'the paid payment wins over a newer failed retry');
    t.same(await eventsOf(service, 'ord_sync_1'), ['order.created', 'order.paid']);
    t.match(await service.api('POST', '/orders/ord_sync_1/sync'), { status: 200, body: { status: 'paid' } }, 'and again changes nothing');
    t.same(await eventsOf(service, 'ord_sync_1'), ['order.created', 'order.paid']);
  });

  t.test("i'mport refusing the amount is a 503 with its reason, not a crash", async (t) => {
    await unregisteredOrder(service, 'ord_sync_2', 6000);
    await iamport.prepare('ord_sync_2', 9000); // someone registered another amount for this id
    const refused = await service.api('POST', '/orders/ord_sync_2/sync');
    t.match(refused, { status: 503, body: { message: /refused to register the amount/ } });
    t.same(await eventsOf(service, 'ord_sync_2'), []);
  });

  t.test('an unknown order is 404', async (t) => {
    t.match(await service.api('POST', '/orders/ord_nobody/sync'), { status: 404 });
  });
});
