import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { eventsOf, sandboxConfig, startService } from '../helpers/service.js';

const N = 30;

t.test(`${N} callbacks and ${N} webhooks at once for one payment → one change, one order.paid`, async (t) => {
  const service = await startService(t);
  const order = await service.createOrder(42000);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 42000 });
  const ids = { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid };

  const results = await Promise.all([
    ...Array.from({ length: N }, () => service.post('/payments/complete', ids)),
    ...Array.from({ length: N }, () => service.post('/webhooks/iamport', { ...ids, status: 'paid' })),
  ]);
  t.same(new Set(results.map((r) => r.status)), new Set([200]), 'every caller gets 200');
  t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid']);
  const receipts = await service.database.db.selectFrom('webhook_receipts').select('outcome').execute();
  t.equal(receipts.length, N, 'every delivery is recorded');
  t.ok(receipts.every((r) => r.outcome === 'success'));
  t.equal((await service.sandbox.control.counters()).getToken, 1, "one i'mport token for the order and all 60 verifications");
  // those that arrive after the payment is applied are answered from the service's record, without asking i'mport
  const asked = (await service.sandbox.control.counters())['payments.get']!;
  t.ok(asked >= 1 && asked <= 2 * N, `i'mport asked ${asked} times for ${2 * N} verifications`);
  const calls = await service.app.deps.metrics.getSingleMetricAsString('payment_verifier_iamport_calls_total');
  t.match(calls, `payment_verifier_iamport_calls_total{endpoint="payments.get"} ${asked}`, "i'mport calls counted per endpoint");
});

t.test('two instances sharing one database: concurrent callbacks and webhooks still change the order once', async (t) => {
  const service = await startService(t);
  const second = await startTestApp(t, service.database, sandboxConfig(service.sandbox));
  const order = await service.createOrder(9900);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 9900 });
  const ids = { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid };
  const post = (base: string, path: string, body: unknown) =>
    fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.status);

  const statuses = await Promise.all(
    Array.from({ length: N }, (_, i) => {
      const base = i % 2 ? service.url : second.url;
      return i % 3 ? post(base, '/payments/complete', ids) : post(base, '/webhooks/iamport', { ...ids, status: 'paid' });
    }),
  );
  t.same(new Set(statuses), new Set([200]));
  t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid']);
});

t.test('a paid order gets its duplicate payment refunded exactly once under concurrency', async (t) => {
  const service = await startService(t);
  const order = await service.createOrder(3000);
  const first = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 3000 });
  await service.post('/payments/complete', { imp_uid: first.imp_uid, merchant_uid: order.merchant_uid });
  const dup = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 3000 });
  const results = await Promise.all(
    Array.from({ length: N }, () => service.post('/payments/complete', { imp_uid: dup.imp_uid, merchant_uid: order.merchant_uid })),
  );
  t.same(new Set(results.map((r) => r.status)), new Set([409]), JSON.stringify(results.filter((r) => r.status !== 409).slice(0, 2)));
  t.ok(results.every((r) => /cancelled at i'mport/.test(r.body.message)), 'every caller, winner or loser of the race, is told it is refunded');
  const atIamport = await service.iamport.getPayment(dup.imp_uid);
  t.match(atIamport, { status: 'cancelled', cancel_amount: 3000 });
  t.equal((atIamport?.cancel_history as unknown[]).length, 1, 'refunded once');
  t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid', 'payment.duplicate_cancelled']);
});
