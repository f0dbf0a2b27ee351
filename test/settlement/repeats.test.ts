import t from 'tap';
import { eventsOf, startService } from '../helpers/service.js';

t.test('a repeat of an already-applied payment is answered from the record; anything that may be news goes to i\'mport', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const asks = async () => (await control.counters())['payments.get'] ?? 0;

  t.test('callbacks and webhooks that bring nothing new', async (t) => {
    const order = await service.createOrder(2000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 2000 });
    const ids = { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid };
    t.match(await service.post('/payments/complete', ids), { status: 200, body: { status: 'success' } });
    const before = await asks();
    t.match(await service.post('/payments/complete', ids), { status: 200, body: { status: 'success', order: { status: 'paid' } } });
    t.match(await service.post('/webhooks/iamport', { ...ids, status: 'paid' }), { status: 200, body: { outcome: 'success' } });
    t.equal(await asks(), before, "neither asked i'mport");
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid']);
  });

  t.test('a webhook that names a cancel, or another status, is read from i\'mport', async (t) => {
    const order = await service.createOrder(3000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 3000 });
    const ids = { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid };
    await service.post('/payments/complete', ids);
    const cancelled = await control.cancel(payment.imp_uid, 1000, '부분 환불', { webhook: false });
    const cancellationId = (cancelled.cancel_history as Array<{ cancellation_id: string }>)[0]!.cancellation_id;
    const before = await asks();
    await service.post('/webhooks/iamport', { ...ids, status: 'paid', cancellation_id: cancellationId });
    t.equal(await asks(), before + 1, 'a partial cancel keeps the status paid: the cancellation_id says it is news');
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'partially_cancelled', cancelled_amount: 1000 });
    await service.post('/webhooks/iamport', { ...ids, status: 'cancelled' });
    t.equal(await asks(), before + 2, 'a status other than the one known');
  });

  t.test('a callback for an open virtual account asks again: the buyer may have deposited', async (t) => {
    const order = await service.createOrder(4000);
    const vbank = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 4000, status: 'ready', pay_method: 'vbank' });
    const ids = { imp_uid: vbank.imp_uid, merchant_uid: order.merchant_uid };
    t.match(await service.post('/payments/complete', ids), { body: { status: 'vbankIssued' } });
    await control.deposit(vbank.imp_uid, { webhook: false });
    t.match(await service.post('/payments/complete', ids), { status: 200, body: { status: 'success', order: { status: 'paid' } } });
  });
});
