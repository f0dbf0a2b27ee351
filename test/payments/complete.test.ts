import t from 'tap';
import { eventsOf, startService } from '../helpers/service.js';

t.test('API.md outcome table for POST /payments/complete', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;

  t.test('paid, amount matches → 200 success', async (t) => {
    const order = await service.createOrder(50000);
    t.match(order, { status: 'pending', amount: 50000, currency: 'KRW', merchant_uid: /^ord[0-9a-z]{9}[0-9A-Za-z]{16}$/ });
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 50000 });
    const res = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.equal(res.status, 200);
    t.match(res.body, { status: 'success', order: { status: 'paid', imp_uid: payment.imp_uid, paid_amount: 50000 } });
    const again = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.match(again, { status: 200, body: { status: 'success' } }, 'the same outcome again');
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid'], 'no second change');
  });

  t.test('virtual account issued → 200 vbankIssued, then deposit → paid', async (t) => {
    const order = await service.createOrder(30000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 30000, status: 'ready', pay_method: 'vbank' });
    const res = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.equal(res.status, 200);
    t.match(res.body, { status: 'vbankIssued', order: { status: 'awaiting_deposit', vbank: { num: payment.vbank_num, bank_name: 'KB국민은행' } } });
    await control.deposit(payment.imp_uid);
    const synced = await service.api('POST', `/orders/${order.merchant_uid}/sync`);
    t.match(synced.body, { status: 'paid', paid_amount: 30000 });
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.awaiting_deposit', 'order.paid']);
  });

  t.test('the buyer pays by card while a virtual account is open: paid, and the account is closed so no deposit can follow', async (t) => {
    const order = await service.createOrder(20000);
    const vbank = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 20000, status: 'ready', pay_method: 'vbank' });
    await service.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: order.merchant_uid });
    const card = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 20000 });
    const res = await service.post('/payments/complete', { imp_uid: card.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 200, body: { status: 'success', order: { imp_uid: card.imp_uid, status: 'paid' } } });
    t.match(await service.iamport.getPayment(vbank.imp_uid), { status: 'cancelled', cancel_amount: 0 });
    await t.rejects(control.deposit(vbank.imp_uid), /only an unpaid virtual account/);
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.awaiting_deposit', 'order.paid']);
  });

  t.test('failed → 400 failed with the PG message; the order stays payable', async (t) => {
    const order = await service.createOrder(1000);
    const failed = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 1000, status: 'failed', fail_reason: '[1001] 한도초과' });
    const res = await service.post('/payments/complete', { imp_uid: failed.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 400, body: { status: 'failed', message: '[1001] 한도초과' } });
    const paid = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 1000 });
    const retry = await service.post('/payments/complete', { imp_uid: paid.imp_uid, merchant_uid: order.merchant_uid });
    t.match(retry, { status: 200, body: { status: 'success' } });
  });

  t.test('tampered amount (100 won for a 100,000-won order) → 400 forgery, refunded, order unchanged', async (t) => {
    const order = await service.createOrder(100000);
    const forged = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 100 });
    const res = await service.post('/payments/complete', { imp_uid: forged.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 400, body: { status: 'forgery', message: /100 KRW does not match the order; it has been cancelled at i'mport/ } });
    const after = await service.api('GET', `/orders/${order.merchant_uid}`);
    t.match(after.body, { status: 'pending', imp_uid: null, paid_amount: 0 });
    const atIamport = await service.iamport.getPayment(forged.imp_uid);
    t.match(atIamport, { status: 'cancelled', cancel_amount: 100 }, 'refunded at i\'mport for the amount actually paid');
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'payment.forgery_detected']);
  });

  t.test('payment of another order → 400 forgery, nothing cancelled', async (t) => {
    const mine = await service.createOrder(5000);
    const theirs = await service.createOrder(5000);
    const payment = await control.createPayment({ merchant_uid: theirs.merchant_uid, amount: 5000 });
    const res = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: mine.merchant_uid });
    t.match(res, { status: 400, body: { status: 'forgery' } });
    const atIamport = await service.iamport.getPayment(payment.imp_uid);
    t.equal(atIamport?.status, 'paid', 'the other buyer\'s payment is untouched');
    t.match((await service.api('GET', `/orders/${mine.merchant_uid}`)).body, { status: 'pending' });
  });

  t.test('a second payment for a paid order → 409 duplicate and cancelled', async (t) => {
    const order = await service.createOrder(7000);
    const first = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 7000 });
    await service.post('/payments/complete', { imp_uid: first.imp_uid, merchant_uid: order.merchant_uid });
    const second = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 7000 });
    const res = await service.post('/payments/complete', { imp_uid: second.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 409, body: { status: 'duplicate', message: /cancelled at i'mport/, order: { imp_uid: first.imp_uid, status: 'paid' } } });
    t.equal((await service.iamport.getPayment(second.imp_uid))?.status, 'cancelled');
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid', 'payment.duplicate_cancelled']);
  });

  t.test('unknown imp_uid or order → 404 notFound; invalid body → 400 invalid naming the field', async (t) => {
    const order = await service.createOrder(1000);
    t.match(await service.post('/payments/complete', { imp_uid: 'imp_999999999999', merchant_uid: order.merchant_uid }), { status: 404, body: { status: 'notFound' } });
    const stray = await control.createPayment({ merchant_uid: 'ord_unknown', amount: 1000 });
    t.match(await service.post('/payments/complete', { imp_uid: stray.imp_uid, merchant_uid: 'ord_unknown' }), { status: 404, body: { status: 'notFound' } });
    const invalid = await service.post('/payments/complete', { merchant_uid: order.merchant_uid });
    t.match(invalid, { status: 400, body: { status: 'invalid', message: /imp_uid/ } });
  });

  t.test("i'mport unreachable → 503 unavailable", async (t) => {
    const order = await service.createOrder(1000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 1000 });
    await control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
    const res = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 503, body: { status: 'unavailable' } });
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'pending' });
    const later = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.match(later, { status: 200, body: { status: 'success' } }, 'works once i\'mport is back');
  });
});
