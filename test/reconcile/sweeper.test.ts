import t from 'tap';
import { sql } from 'kysely';
import { startTestApp } from '../helpers/app.js';
import { eventsOf, sandboxConfig, startService } from '../helpers/service.js';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { newMerchantUid } from '../../src/settlement/orders.js';

t.test('the sweeper settles what callbacks and webhooks never reported', async (t) => {
  const service = await startService(t);
  const deps = service.app.deps.money;
  const { control } = service.sandbox;

  t.test('paid at i\'mport, callback and webhook lost (or the process died before commit) → paid', async (t) => {
    const order = await service.createOrder(15000);
    await control.createPayment({ merchant_uid: order.merchant_uid, amount: 15000 });
    const failedRetry = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 15000, status: 'failed' });
    t.ok(failedRetry, 'a newer failed attempt does not hide the paid one');
    const result = await sweepOnce(deps, 0);
    t.ok(result.checked >= 1);
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'paid', paid_amount: 15000 });
    await sweepOnce(deps, 0);
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid']);
  });

  t.test('an order whose prepare never ran (process died in between) gets its amount registered', async (t) => {
    const merchantUid = newMerchantUid();
    await service.database.db.insertInto('orders').values({ merchant_uid: merchantUid, name: 'x', amount: 2000, buyer: {}, metadata: {} }).execute();
    await sweepOnce(deps, 0);
    t.same(await service.iamport.getPrepared(merchantUid), { merchant_uid: merchantUid, amount: 2000 });
    const row = await service.database.db.selectFrom('orders').select('amount_registered').where('merchant_uid', '=', merchantUid).executeTakeFirstOrThrow();
    t.equal(row.amount_registered, true);
  });

  t.test('a virtual account past its due date is closed and the order fails (still payable)', async (t) => {
    const order = await service.createOrder(3000);
    const vbank = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 3000, status: 'ready', pay_method: 'vbank' });
    await service.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: order.merchant_uid });
    // the deposit deadline passes at i'mport
    await sql`UPDATE iamport_sandbox.payments SET payment = jsonb_set(payment, '{vbank_date}', to_jsonb(extract(epoch FROM now())::int - 3600)) WHERE imp_uid = ${vbank.imp_uid}`.execute(service.database.db);
    await sweepOnce(deps, 0);
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'failed', vbank: null });
    t.equal((await service.iamport.getPayment(vbank.imp_uid))?.status, 'cancelled', 'closed at i\'mport: no late deposit');
  });

  t.test('a duplicate payment whose automatic refund met an outage is refunded by a later sweep, once', async (t) => {
    const order = await service.createOrder(4000);
    const first = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 4000 });
    await service.post('/payments/complete', { imp_uid: first.imp_uid, merchant_uid: order.merchant_uid });
    const second = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 4000 });
    // the attempt and its one retry (the balance re-read untouched) both fail
    await control.injectFault({ kind: '5xx', count: 2, endpoint: 'cancel' });
    const res = await service.post('/payments/complete', { imp_uid: second.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 409, body: { status: 'duplicate', message: /owed and will be retried/ } });
    t.equal((await service.iamport.getPayment(second.imp_uid))?.status, 'paid', 'the outage left it unrefunded');
    await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(service.database.db); // its backoff passes
    await sweepOnce(deps, 0);
    await sweepOnce(deps, 0);
    t.match(await service.iamport.getPayment(second.imp_uid), { status: 'cancelled', cancel_amount: 4000 });
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'paid', imp_uid: first.imp_uid });
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid', 'payment.duplicate_cancelled']);
  });

  t.test('a duplicate refund that i\'mport refuses is left for an operator, never retried blindly', async (t) => {
    const order = await service.createOrder(6000);
    const card = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 6000 });
    await service.post('/payments/complete', { imp_uid: card.imp_uid, merchant_uid: order.merchant_uid });
    const vbank = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 6000, status: 'ready', pay_method: 'vbank' });
    await control.deposit(vbank.imp_uid);
    const res = await service.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 409, body: { status: 'duplicate', message: /left for an operator/ } }, 'a deposit is refunded only to an account we do not know');
    const row = await service.database.db.selectFrom('refunds').select(['state', 'reason']).where('source_id', '=', vbank.imp_uid).where('kind', '=', 'cancel').executeTakeFirstOrThrow();
    t.match(row, { state: 'needs_operator', reason: 'duplicate' });
    const cancelsBefore = (await control.counters()).cancel ?? 0;
    await sweepOnce(deps, 0);
    t.equal((await control.counters()).cancel ?? 0, cancelsBefore, 'the sweeper does not retry a refused refund');
  });

  t.test('orders changed recently are left alone (RECONCILE_MIN_AGE_MS)', async (t) => {
    const order = await service.createOrder(700);
    await control.createPayment({ merchant_uid: order.merchant_uid, amount: 700 });
    await sweepOnce(deps, 60_000);
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'pending' });
  });
});

t.test('sweepers on two instances at once: each order changes once, with one event', async (t) => {
  const service = await startService(t);
  const second = await startTestApp(t, service.database, sandboxConfig(service.sandbox));
  const orders = [];
  for (let i = 0; i < 12; i += 1) {
    const order = await service.createOrder(1000 + i);
    await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 1000 + i });
    orders.push(order.merchant_uid);
  }
  await sql`UPDATE orders SET updated_at = now() - interval '1 hour'`.execute(service.database.db);
  const minAge = 60_000;
  const results = await Promise.all([
    sweepOnce(service.app.deps.money, minAge, 5),
    sweepOnce(second.app.deps.money, minAge, 5),
    sweepOnce(service.app.deps.money, minAge, 5),
    sweepOnce(second.app.deps.money, minAge, 5),
  ]);
  t.equal(results.reduce((sum, r) => sum + r.checked, 0), 12, 'every order claimed exactly once');
  for (const merchantUid of orders) t.same(await eventsOf(service, merchantUid), ['order.created', 'order.paid']);
});
