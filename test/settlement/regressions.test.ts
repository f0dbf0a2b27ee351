import { sql } from 'kysely';
import t from 'tap';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { recheckRecentChanges } from '../../src/reconcile/recent-changes.js';
import { startTestApp, TEST_API_KEY, testConfig } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { startRawIamport } from '../helpers/raw-iamport.js';
import { eventsOf, startService, type Service } from '../helpers/service.js';

/** The eight sequences a review replayed against the old money path, each of which lost money or state. */

const LOST = 'http://127.0.0.1:9/lost';
const refundTo = { refund_holder: '홍길동', refund_bank: '04', refund_account: '12345678901234' };

async function paidOrder(service: Service, amount: number) {
  const order = await service.createOrder(amount);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount });
  await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
  return { merchantUid: order.merchant_uid as string, impUid: payment.imp_uid };
}

const paymentsOf = async (service: Service, merchantUid: string) => (await service.api('GET', `/orders/${merchantUid}/payments`)).body.items as any[];

t.test('the eight defects of the old money path', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const deps = service.app.deps.money;
  const iamportStatus = async (impUid: string) => (await service.iamport.getPayment(impUid))?.status;

  t.test('1. card paid, then a virtual account for the same order that the PG cannot close, then a deposit: surfaced for a person, with its event', async (t) => {
    const { merchantUid } = await paidOrder(service, 8000);
    const vbank = await control.createPayment({ merchant_uid: merchantUid, amount: 8000, status: 'ready', pay_method: 'vbank', pg_provider: 'jtnet' });
    const issued = await service.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: merchantUid });
    t.match(issued, { status: 409, body: { status: 'duplicate', message: /could not close the account/ } });
    // the sync alone reports the deposit: its webhook would race it, and the refund be seen still in flight
    await control.deposit(vbank.imp_uid, { webhook: false });
    await service.api('POST', `/orders/${merchantUid}/sync`);
    const payment = (await paymentsOf(service, merchantUid)).find((p) => p.imp_uid === vbank.imp_uid);
    t.match(payment, { role: 'duplicate', refund: { state: 'needs_operator', amount: 8000 } });
    const listed = (await service.api('GET', '/refunds?state=needs_operator')).body.items;
    t.ok(listed.some((r: { imp_uid: string }) => r.imp_uid === vbank.imp_uid), 'listed for an operator');
    t.ok((await eventsOf(service, merchantUid)).includes('payment.refund_failed'));
  });

  t.test('2. account V replaced by W, closing V fails, V\'s ready redelivered: the order stays on W, the switch is an event, V is closed later', async (t) => {
    const order = await service.createOrder(6000);
    const v = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 6000, status: 'ready', pay_method: 'vbank' });
    await service.post('/payments/complete', { imp_uid: v.imp_uid, merchant_uid: order.merchant_uid });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // W is issued a second later at i'mport
    const w = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 6000, status: 'ready', pay_method: 'vbank' });
    await control.injectFault({ kind: '5xx', count: 2, endpoint: 'vbanks.revoke' });
    const switched = await service.post('/payments/complete', { imp_uid: w.imp_uid, merchant_uid: order.merchant_uid });
    t.match(switched, { status: 200, body: { status: 'vbankIssued', order: { imp_uid: w.imp_uid } } });
    t.equal(await iamportStatus(v.imp_uid), 'ready', 'the outage left V open');
    const redelivered = await service.post('/webhooks/iamport', { imp_uid: v.imp_uid, merchant_uid: order.merchant_uid, status: 'ready' });
    t.match(redelivered, { status: 200, body: { outcome: 'duplicate' } });
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'awaiting_deposit', imp_uid: w.imp_uid });
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.awaiting_deposit', 'order.awaiting_deposit']);
    await control.cancel(w.imp_uid, undefined, '가상계좌 발급 취소', { webhook: false }); // W closed at i'mport while V is still open
    t.match((await service.api('POST', `/orders/${order.merchant_uid}/sync`)).body, { status: 'failed', imp_uid: w.imp_uid }, 'V is never adopted again while unpaid');
    await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(service.database.db); // its backoff passes
    await sweepOnce(deps, 0);
    t.equal(await iamportStatus(v.imp_uid), 'cancelled', 'V closed by the sweeper');
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.awaiting_deposit', 'order.awaiting_deposit', 'order.failed']);
  });

  t.test('3. 12.5 USD for a 1000 KRW order: a forgery, refunded, and the webhook settles', async (t) => {
    const order = await service.createOrder(1000);
    const usd = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 12.5, currency: 'USD' });
    const res = await service.post('/payments/complete', { imp_uid: usd.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 400, body: { status: 'forgery', message: /12.5 USD/ } });
    t.match(await service.iamport.getPayment(usd.imp_uid), { status: 'cancelled', cancel_amount: 12.5 });
    t.match(await service.post('/webhooks/iamport', { imp_uid: usd.imp_uid, merchant_uid: order.merchant_uid, status: 'paid' }), { status: 200 });
  });

  t.test('5. the refund of a second payment lands but its answer is lost: payment.duplicate_cancelled all the same', async (t) => {
    const { merchantUid } = await paidOrder(service, 3000);
    const second = await control.createPayment({ merchant_uid: merchantUid, amount: 3000 });
    await control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancel' });
    const res = await service.post('/payments/complete', { imp_uid: second.imp_uid, merchant_uid: merchantUid });
    t.match(res, { status: 409, body: { status: 'duplicate', message: /cancelled at i'mport/ } });
    t.equal(((await service.iamport.getPayment(second.imp_uid))?.cancel_history as unknown[]).length, 1, 'refunded once');
    t.same(await eventsOf(service, merchantUid), ['order.created', 'order.paid', 'payment.duplicate_cancelled']);
  });

  t.test('6. a console refund whose webhook is lost reaches the paid order: by sync over all payments, and by the re-check of what changed', async (t) => {
    const first = await paidOrder(service, 9000);
    const duplicate = await control.createPayment({ merchant_uid: first.merchantUid, amount: 9000 });
    await service.post('/payments/complete', { imp_uid: duplicate.imp_uid, merchant_uid: first.merchantUid });
    await control.setWebhookUrl(LOST);
    await control.cancel(first.impUid, 2000);
    t.match((await service.api('POST', `/orders/${first.merchantUid}/sync`)).body, { status: 'partially_cancelled', cancelled_amount: 2000 }, 'the accepted payment is not the latest');

    const second = await paidOrder(service, 5000);
    await control.cancel(second.impUid, 5000);
    await control.setWebhookUrl(`${service.url}/webhooks/iamport`);
    await sql`DELETE FROM reconcile_passes`.execute(service.database.db);
    await recheckRecentChanges(deps, 60_000);
    t.match((await service.api('GET', `/orders/${second.merchantUid}`)).body, { status: 'cancelled', cancelled_amount: 5000 }, 'no per-order poll needed');
  });

  t.test('7. POST /payments/complete on a partially refunded order answers success', async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 4000);
    await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'one returned', amount: 1000 });
    t.match(await service.post('/payments/complete', { imp_uid: impUid, merchant_uid: merchantUid }), { status: 200, body: { status: 'success', order: { status: 'partially_cancelled' } } });
  });

  t.test('8. a cancel refused because i\'mport\'s balance moved (a console refund) is a 409, and the order is brought up to date', async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 7000);
    await control.setWebhookUrl(LOST);
    await control.cancel(impUid, 3000);
    await control.setWebhookUrl(`${service.url}/webhooks/iamport`);
    const refused = await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'returned', ...refundTo });
    t.match(refused, { status: 409, body: { message: /checksum/ } });
    t.match((await service.api('GET', `/orders/${merchantUid}`)).body, { status: 'partially_cancelled', cancelled_amount: 3000 });
    t.match(await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'returned' }), { status: 200, body: { status: 'cancelled', cancelled_amount: 7000 } }, 'and the retry refunds what is left');
  });
});

t.test('4. text PostgreSQL cannot store: in what i\'mport answers it never rolls a change back; in our inputs it is a 400 naming the field', async (t) => {
  const database = await freshDatabase(t);
  const raw = await startRawIamport(t);
  const { url } = await startTestApp(t, database, testConfig({ IAMPORT_SANDBOX: 'true', IAMPORT_API_URL: raw.url, DEMO_PAGE: 'false' }));
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(url + path, { method, headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as any };
  };
  const order = (await call('POST', '/orders', { amount: 5000, name: 'mug' })).body;
  const base = { merchant_uid: order.merchant_uid, currency: 'KRW', cancel_amount: 0, pay_method: 'card', sandbox: true, buyer_name: '홍\u0000길동', fail_reason: null };
  raw.payments.set('imp_nul_forged', { ...base, imp_uid: 'imp_nul_forged', amount: 500, status: 'paid' });
  raw.payments.set('imp_nul_paid', { ...base, imp_uid: 'imp_nul_paid', amount: 5000, status: 'paid', name: 'mug\u0000\ud800' });
  const forged = await call('POST', '/payments/complete', { imp_uid: 'imp_nul_forged', merchant_uid: order.merchant_uid });
  t.match(forged, { status: 400, body: { status: 'forgery' } });
  t.equal(raw.cancels, 1, 'the forgery is refunded');
  const paid = await call('POST', '/payments/complete', { imp_uid: 'imp_nul_paid', merchant_uid: order.merchant_uid });
  t.match(paid, { status: 200, body: { status: 'success', order: { status: 'paid' } } });

  t.match(await call('POST', '/orders', { amount: 1000, name: 'mug\u0000' }), { status: 400, body: { message: /body\.name/ } });
  t.match(await call('POST', '/orders', { amount: 1000, name: 'mug', metadata: { note: 'a\u0000b' } }), { status: 400, body: { message: /body\.metadata/ } });
  t.match(await call('POST', `/orders/${order.merchant_uid}/cancel`, { reason: 'returned\u0000' }), { status: 400, body: { message: /body\.reason/ } });
  t.match((await call('GET', `/orders/${order.merchant_uid}`)).body, { status: 'paid' }, 'and nothing was half-refunded');
});
