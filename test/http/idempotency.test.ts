import t from 'tap';
import { startService } from '../helpers/service.js';
import { TEST_API_KEY } from '../helpers/app.js';

t.test('Idempotency-Key on POST /orders and POST /orders/:id/cancel', async (t) => {
  const service = await startService(t, { API_KEYS: `${TEST_API_KEY},second-key-abcdefghijklmnopqrstuvwxyz` });
  const countOrders = async () => Number((await service.database.db.selectFrom('orders').select(service.database.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const body = { amount: 12000, name: 'mug' };

  const first = await service.api('POST', '/orders', body, { 'idempotency-key': 'k-1' });
  t.equal(first.status, 201);
  const replay = await service.api('POST', '/orders', body, { 'idempotency-key': 'k-1' });
  t.same(replay, first, 'same status, same body');
  t.equal(await countOrders(), 1, 'one order only');

  const other = await service.api('POST', '/orders', { ...body, amount: 13000 }, { 'idempotency-key': 'k-1' });
  t.equal(other.status, 422);
  t.match(other.body, { message: /different request/ });

  const otherCaller = await service.api('POST', '/orders', body, { 'idempotency-key': 'k-1', authorization: 'Bearer second-key-abcdefghijklmnopqrstuvwxyz' });
  t.equal(otherCaller.status, 201, 'keys are scoped per API key');
  t.not(otherCaller.body.merchant_uid, first.body.merchant_uid);

  const racing = await Promise.all(Array.from({ length: 10 }, () => service.api('POST', '/orders', body, { 'idempotency-key': 'k-race' })));
  const created = racing.filter((r) => r.status === 201);
  t.ok(created.length >= 1);
  t.ok(racing.every((r) => r.status === 201 || r.status === 409), 'the rest are told the first is in progress');
  t.equal(new Set(created.map((r) => r.body.merchant_uid)).size, 1, 'all 201s are the same order');
  t.equal(await countOrders(), 3);

  const payment = await service.sandbox.control.createPayment({ merchant_uid: first.body.merchant_uid, amount: 12000 });
  await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: first.body.merchant_uid });
  const cancelPath = `/orders/${first.body.merchant_uid}/cancel`;
  const refund = await service.api('POST', cancelPath, { reason: 'r', amount: 2000 }, { 'idempotency-key': 'c-1' });
  const refundAgain = await service.api('POST', cancelPath, { reason: 'r', amount: 2000 }, { 'idempotency-key': 'c-1' });
  t.equal(refund.status, 200);
  t.same(refundAgain, refund);
  t.equal((await service.iamport.getPayment(payment.imp_uid))?.cancel_amount, 2000, 'refunded once');
});

t.test('a 5xx releases the key so that a retry can run', async (t) => {
  const service = await startService(t);
  await service.sandbox.control.injectFault({ kind: '5xx', count: 3, endpoint: 'prepare' });
  const failed = await service.api('POST', '/orders', { amount: 1000, name: 'x' }, { 'idempotency-key': 'k-5xx' });
  t.equal(failed.status, 503);
  const retried = await service.api('POST', '/orders', { amount: 1000, name: 'x' }, { 'idempotency-key': 'k-5xx' });
  t.equal(retried.status, 201);
});
