import { sql } from 'kysely';
import t from 'tap';
import { PORTONE_SANDBOX_CREDENTIALS } from '../../../src/config-psp.js';
import { sweepOnce } from '../../../src/reconcile/sweeper.js';
import { PORTONE_ONLY_LIVE, startService } from '../../helpers/service.js';

/**
 * Found by the model test: V2 lists a paid attempt's requested cancels only on the Payment (GET /payments/{id}), not on
 * its transaction (PaidPaymentTransaction has no cancellations). Read from the transaction, a refund V2 was carrying
 * out looked not sent: it was sent again, refused for the balance it held, and its retry answered 409.
 */
t.test('a REQUESTED cancel of a fully paid V2 payment is seen pending: never sent again, never answered refused', async (t) => {
  const service = await startService(t, PORTONE_ONLY_LIVE);
  const v2 = service.sandbox.portone.control;
  const { merchant_uid } = await service.createOrder(10_000, 'Mug', 'portone');
  await v2.createPayment({ paymentId: merchant_uid, amount: 10_000, status: 'PAID', channel: 'LIVE', webhook: false });
  await service.post('/payments/complete', { payment_id: merchant_uid });
  await v2.setAsyncCancels(merchant_uid);
  const ask = () => service.api('POST', `/orders/${merchant_uid}/cancel`, { reason: '고객 요청', amount: 3000 }, { 'idempotency-key': 'requested-on-paid' });

  t.equal((await ask()).status, 503, 'accepted by V2, carried out later');
  t.equal((await ask()).status, 503, 'the retry: still pending, not refused');
  await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(service.database.db);
  await sweepOnce(service.app.deps.money, 0);
  const refunds = (await service.api('GET', `/orders/${merchant_uid}/payments`)).body.items[0].refunds;
  t.match(refunds, [{ state: 'pending', amount: 3000 }], 'one refund, pending');
  const payment = await fetch(`${service.sandbox.portone.url}/payments/${merchant_uid}`, { headers: { authorization: `PortOne ${PORTONE_SANDBOX_CREDENTIALS.apiSecret}` } });
  t.equal(((await payment.json()) as { cancellations: unknown[] }).cancellations.length, 1, 'sent to V2 once');

  await v2.completeCancel(merchant_uid, { webhook: false });
  t.match(await ask(), { status: 200, body: { status: 'partially_cancelled', cancelled_amount: 3000 } });
});
