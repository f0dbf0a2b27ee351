import { sql } from 'kysely';
import t from 'tap';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { eventsOf, startService, type Service } from '../helpers/service.js';

/**
 * Defect 1 of issue 20: an operator refund that landed, whose answer, cancel webhook and re-read were all lost while
 * another refund was made at i'mport's console, was recorded as refused; a retry then refunded the buyer twice.
 * A refund is now recognised by its id, which i'mport lists in the cancel history.
 */

const LOST = 'http://127.0.0.1:9/lost';

async function paidOrder(service: Service, amount: number) {
  const order = await service.createOrder(amount);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount });
  await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
  return { merchantUid: order.merchant_uid as string, impUid: payment.imp_uid };
}

const refundsOf = async (service: Service, merchantUid: string) =>
  ((await service.api('GET', `/orders/${merchantUid}/payments`)).body.items as Array<{ refunds: Array<{ id: string; state: string; amount: number }> }>).flatMap((p) => p.refunds);

/** ₩500 of ₩10,000 refunded at i'mport with every word of it lost, then ₩1,000 refunded at i'mport's console. */
async function landedUnseen(service: Service, key: string) {
  const { control } = service.sandbox;
  const { merchantUid, impUid } = await paidOrder(service, 10_000);
  await control.setWebhookUrl(LOST);
  await control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancel' });
  await control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
  const first = await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: '고객 요청', amount: 500 }, { 'idempotency-key': key });
  await control.cancel(impUid, 1000, '콘솔 환불', { webhook: false });
  await control.setWebhookUrl(`${service.url}/webhooks/iamport`);
  return { merchantUid, impUid, first };
}

t.test('a refund that landed unseen is recognised by its id in the cancel history', async (t) => {
  const service = await startService(t);
  const deps = service.app.deps.money;

  t.test('the retry with the same Idempotency-Key answers 200 and refunds nothing more', async (t) => {
    const { merchantUid, impUid, first } = await landedUnseen(service, 'refund-1');
    t.equal(first.status, 503, 'the operator was told it could not be confirmed');
    const retry = await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: '고객 요청', amount: 500 }, { 'idempotency-key': 'refund-1' });
    t.match(retry, { status: 200, body: { status: 'partially_cancelled', cancelled_amount: 1500 } });
    const atIamport = await service.iamport.getPayment(impUid);
    t.equal(atIamport?.cancel_amount, 1500, "i'mport refunded ₩500 once and ₩1,000 at the console");
    t.match(await refundsOf(service, merchantUid), [{ state: 'done', amount: 500 }]);
    t.notOk((await eventsOf(service, merchantUid)).includes('payment.refund_failed'));
    const again = await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: '고객 요청', amount: 500 }, { 'idempotency-key': 'refund-1' });
    t.match(again, { status: 200, body: { cancelled_amount: 1500 } }, 'and so does every later retry');
  });

  t.test('without a retry, the sweeper completes it: never refused, never left to a person', async (t) => {
    const { merchantUid, impUid } = await landedUnseen(service, 'refund-2');
    await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(service.database.db);
    await sweepOnce(deps, 0);
    t.match(await refundsOf(service, merchantUid), [{ state: 'done', amount: 500 }]);
    t.equal((await service.iamport.getPayment(impUid))?.cancel_amount, 1500);
    t.notOk((await eventsOf(service, merchantUid)).includes('payment.refund_failed'));
    t.match((await service.api('GET', `/orders/${merchantUid}`)).body, { status: 'partially_cancelled', cancelled_amount: 1500 });
  });

  t.test('one left to a person is completed, and withdrawn from the list, by any later observation', async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 10_000);
    const [refund] = await service.database.db
      .insertInto('refunds')
      .values({ id: 'rf_test_left', merchant_uid: merchantUid, source_id: impUid, kind: 'cancel', reason: 'operator', amount: 700, checksum: 10_000, state: 'needs_operator', note: '고객 요청', last_error: 'refused' })
      .returning('id')
      .execute();
    // it had landed after all: i'mport lists it by its id
    await service.sandbox.control.cancel(impUid, 700, `고객 요청 (${refund!.id})`, { webhook: false });
    t.ok((await service.api('GET', '/refunds?state=needs_operator')).body.items.some((r: { id: string }) => r.id === refund!.id));
    await service.api('POST', `/orders/${merchantUid}/sync`);
    t.match(await refundsOf(service, merchantUid), [{ id: refund!.id, state: 'done' }]);
    t.notOk((await service.api('GET', '/refunds?state=needs_operator')).body.items.some((r: { id: string }) => r.id === refund!.id));
  });

  t.test("every cancel the service sends carries the refund's id in its reason", async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 4000);
    await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'returned', amount: 1000 });
    const [refund] = await refundsOf(service, merchantUid);
    const history = (await service.iamport.getPayment(impUid))?.cancel_history ?? [];
    t.match(history, [{ amount: 1000, reason: `returned (${refund!.id})` }]);
  });
});
