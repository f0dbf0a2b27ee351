import { sql } from 'kysely';
import t from 'tap';
import { PORTONE_SANDBOX_CREDENTIALS } from '../../../src/config-psp.js';
import { SANDBOX_CREDENTIALS } from '../../../src/config.js';
import { passOf, recheckAt } from '../../../src/reconcile/recent-changes.js';
import { sweepOnce } from '../../../src/reconcile/sweeper.js';
import { eventsOf, PORTONE_ONLY_LIVE, startService, type Service } from '../../helpers/service.js';

/**
 * A V2 order, through the same internal API, events and core as a V1 one: every V1 rule holds with V2's own means.
 * Live mode (test-channel payments are forgeries), the simulators standing in for i'mport and PortOne.
 */
const LIVE = { ...PORTONE_ONLY_LIVE, IAMPORT_API_KEY: SANDBOX_CREDENTIALS.apiKey, IAMPORT_API_SECRET: SANDBOX_CREDENTIALS.apiSecret };

const v2Order = async (service: Service, amount: number) => (await service.createOrder(amount, 'Mug', 'portone')) as { merchant_uid: string };
const orderOf = async (service: Service, merchantUid: string) => (await service.api('GET', `/orders/${merchantUid}`)).body;
const paymentsOf = async (service: Service, merchantUid: string) => (await service.api('GET', `/orders/${merchantUid}/payments`)).body.items;

t.test('PortOne V2 orders behind the same contract', async (t) => {
  const service = await startService(t, LIVE);
  const v2 = service.sandbox.portone.control;

  t.test('created through V2: its merchant_uid is the paymentId, pre-registered at V2', async (t) => {
    const order = await service.api('POST', '/orders', { amount: 12_000, name: 'Mug', provider: 'portone' });
    t.match(order, { status: 201, body: { provider: 'portone', payment_id: order.body.merchant_uid, transaction_id: null, imp_uid: null } });
    t.match(order.body.merchant_uid, /^[A-Za-z0-9]{6,40}$/, 'letters and digits, as every V2 PG takes');
    t.ok((await eventsOf(service, order.body.merchant_uid)).includes('order.created'));
  });

  t.test('paid through a LIVE channel: the callback with payment_id settles it; the signed webhook changes nothing more', async (t) => {
    const { merchant_uid } = await v2Order(service, 9000);
    const paid = await v2.createPayment({ paymentId: merchant_uid, amount: 9000, status: 'PAID', channel: 'LIVE', webhook: false });
    const callback = await service.post('/payments/complete', { payment_id: merchant_uid });
    t.match(callback, { status: 200, body: { status: 'success', order: { status: 'paid', provider: 'portone', transaction_id: paid.transaction.id, imp_uid: null } } });
    await v2.sendWebhook(merchant_uid);
    await v2.drainWebhooks();
    t.same(await eventsOf(service, merchant_uid), ['order.created', 'order.paid']);
    t.match(await paymentsOf(service, merchant_uid), [{ provider: 'portone', payment_id: merchant_uid, transaction_id: paid.transaction.id, role: 'accepted' }]);
  });

  t.test('a TEST channel payment is a forgery outside sandbox mode, and cancelled at V2', async (t) => {
    const { merchant_uid } = await v2Order(service, 7000);
    await v2.createPayment({ paymentId: merchant_uid, amount: 7000, status: 'PAID', channel: 'TEST', webhook: false });
    t.match(await service.post('/payments/complete', { payment_id: merchant_uid }), { status: 400, body: { status: 'forgery', message: /test channel/ } });
    t.match(await orderOf(service, merchant_uid), { status: 'pending' });
    t.match(await paymentsOf(service, merchant_uid), [{ role: 'forgery', status: 'cancelled', refund: { state: 'done' } }]);
  });

  t.test('a V2 virtual account shows the bank by the name a buyer knows, not V2\'s enum code', async (t) => {
    const { merchant_uid } = await v2Order(service, 8000);
    await v2.createPayment({ paymentId: merchant_uid, amount: 8000, status: 'VIRTUAL_ACCOUNT_ISSUED', channel: 'LIVE', webhook: false });
    const issued = await service.post('/payments/complete', { payment_id: merchant_uid });
    t.match(issued, { status: 200, body: { status: 'vbankIssued', order: { status: 'awaiting_deposit', vbank: { bank_name: '국민은행', num: /\S/ } } } });
  });

  t.test('an operator refund is identified by V2\'s own cancellation record; a REQUESTED one stays pending until done', async (t) => {
    const { merchant_uid } = await v2Order(service, 10_000);
    await v2.createPayment({ paymentId: merchant_uid, amount: 10_000, status: 'PAID', channel: 'LIVE', webhook: false });
    await service.post('/payments/complete', { payment_id: merchant_uid });
    t.match(await service.api('POST', `/orders/${merchant_uid}/cancel`, { reason: '고객 요청', amount: 3000 }), { status: 200, body: { status: 'partially_cancelled', cancelled_amount: 3000 } });
    await v2.setAsyncCancels(merchant_uid);
    const requested = await service.api('POST', `/orders/${merchant_uid}/cancel`, { reason: '고객 요청', amount: 2000 }, { 'idempotency-key': 'v2-async' });
    t.equal(requested.status, 503, 'accepted by V2, not done yet: told to look again');
    const pending = (await paymentsOf(service, merchant_uid))[0].refunds.at(-1);
    t.match(pending, { state: 'pending', amount: 2000, transaction_id: String });
    await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(service.database.db);
    await sweepOnce(service.app.deps.money, 0);
    t.match((await paymentsOf(service, merchant_uid))[0].refunds.at(-1), { state: 'pending' }, 'never sent again while V2 carries it out');
    await v2.completeCancel(merchant_uid, { webhook: false });
    await sql`UPDATE refunds SET next_attempt_at = now() WHERE state = 'pending'`.execute(service.database.db);
    await sweepOnce(service.app.deps.money, 0);
    t.match(await orderOf(service, merchant_uid), { status: 'partially_cancelled', cancelled_amount: 5000 });
    t.match(await service.api('POST', `/orders/${merchant_uid}/cancel`, { reason: '고객 요청', amount: 2000 }, { 'idempotency-key': 'v2-async' }), { status: 200 });
  });

  t.test('webhooks: a bad signature is a 401 and audited; an unknown payment is acknowledged', async (t) => {
    const body = JSON.stringify({ type: 'Transaction.Paid', timestamp: new Date().toISOString(), data: { paymentId: 'nobody1234', storeId: PORTONE_SANDBOX_CREDENTIALS.storeId } });
    const headers = { 'content-type': 'application/json', 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': 'v1,AAAA' };
    const forged = await fetch(`${service.url}/webhooks/portone`, { method: 'POST', headers, body });
    t.equal(forged.status, 401);
    const receipt = await service.database.db.selectFrom('webhook_receipts').select(['provider', 'outcome']).orderBy('id', 'desc').executeTakeFirst();
    t.match(receipt, { provider: 'portone', outcome: 'rejected_401' });
  });

  t.test('the paid re-check reads V2\'s list by status-change time: a console refund whose webhook was lost reaches the order', async (t) => {
    const { merchant_uid } = await v2Order(service, 8000);
    await v2.createPayment({ paymentId: merchant_uid, amount: 8000, status: 'PAID', channel: 'LIVE', webhook: false });
    await service.post('/payments/complete', { payment_id: merchant_uid });
    await sql`DELETE FROM reconcile_passes`.execute(service.database.db);
    await sql`INSERT INTO reconcile_passes (name, watermark, lease_until) VALUES (${passOf('portone')}, ${Math.floor(Date.now() / 1000) - 60}, now())`.execute(service.database.db);
    await v2.cancel(merchant_uid, { amount: 1000, reason: '콘솔 환불', webhook: false });
    const deps = service.app.deps.money;
    for (let pass = 0; pass < 20; pass += 1) if ((await recheckAt(deps, deps.providers.of('portone'), 1, { pageSize: 2, maxPages: 1 }))?.complete) break;
    t.match(await orderOf(service, merchant_uid), { status: 'partially_cancelled', cancelled_amount: 1000 });
  });

  t.test('V1 and V2 orders side by side in one instance: paid, refunded and re-checked each through its own PSP', async (t) => {
    const v1 = await service.createOrder(5000, 'Tote', 'iamport');
    const v2o = await v2Order(service, 6000);
    const v1Paid = await service.sandbox.control.createPayment({ merchant_uid: v1.merchant_uid, amount: 5000, sandbox: false, webhook: false });
    await v2.createPayment({ paymentId: v2o.merchant_uid, amount: 6000, status: 'PAID', channel: 'LIVE', webhook: false });
    t.match(await service.post('/payments/complete', { imp_uid: v1Paid.imp_uid, merchant_uid: v1.merchant_uid }), { status: 200, body: { order: { provider: 'iamport' } } });
    t.match(await service.post('/payments/complete', { payment_id: v2o.merchant_uid }), { status: 200, body: { order: { provider: 'portone' } } });
    t.match(await service.api('POST', `/orders/${v1.merchant_uid}/cancel`, { reason: 'x' }), { status: 200, body: { status: 'cancelled' } });
    t.match(await service.api('POST', `/orders/${v2o.merchant_uid}/cancel`, { reason: 'x' }), { status: 200, body: { status: 'cancelled' } });
    t.match((await service.iamport.getPayment(v1Paid.imp_uid))?.status, 'cancelled');
    t.match(await service.post('/payments/complete', { imp_uid: v1Paid.imp_uid, merchant_uid: v2o.merchant_uid }), { status: 400, body: { status: 'forgery' } }, "a V1 payment never pays a V2 order");
  });
});

t.test('an instance configured for one PSP refuses the other with a 400 naming the settings', async (t) => {
  const v1Only = await startService(t, { IAMPORT_SANDBOX: 'false', IAMPORT_API_KEY: SANDBOX_CREDENTIALS.apiKey, IAMPORT_API_SECRET: SANDBOX_CREDENTIALS.apiSecret });
  t.match(await v1Only.api('POST', '/orders', { amount: 1000, name: 'x', provider: 'portone' }), { status: 400, body: { message: /portone is not configured.*PORTONE_API_SECRET/ } });
  t.match(await v1Only.post('/payments/complete', { payment_id: 'abc123456' }), { status: 400, body: { message: /PORTONE_API_SECRET/ } });
  const v2Only = await startService(t, PORTONE_ONLY_LIVE);
  t.match(await v2Only.api('POST', '/orders', { amount: 1000, name: 'x', provider: 'iamport' }), { status: 400, body: { message: /iamport is not configured.*IAMPORT_API_KEY/ } });
  t.match(await v2Only.api('POST', '/orders', { amount: 1000, name: 'x' }), { status: 201, body: { provider: 'portone' } }, 'DEFAULT_PROVIDER: the one configured');
});
