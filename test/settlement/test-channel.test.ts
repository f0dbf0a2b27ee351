import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { recheckRecentChanges } from '../../src/reconcile/recent-changes.js';
import { eventsOf, startService, type Service } from '../helpers/service.js';

/** The service in live mode, with the sandbox standing in for the real i'mport. */
const LIVE = { IAMPORT_SANDBOX: 'false', IAMPORT_API_KEY: SANDBOX_CREDENTIALS.apiKey, IAMPORT_API_SECRET: SANDBOX_CREDENTIALS.apiSecret, IAMPORT_PG_API_KEY: 'live_pg_key' };

const orderOf = async (service: Service, merchantUid: string) => (await service.api('GET', `/orders/${merchantUid}`)).body;

t.test('live mode: a test-channel payment (sandbox: true) never pays an order, whichever path reports it', async (t) => {
  const service = await startService(t, LIVE);
  const { control } = service.sandbox;
  const deps = service.app.deps.money;
  const testPayment = async (amount: number) => {
    const order = await service.createOrder(amount);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount, sandbox: true });
    return { merchantUid: order.merchant_uid as string, impUid: payment.imp_uid };
  };

  t.test('callback: 400 forgery, and the test payment is cancelled', async (t) => {
    const { merchantUid, impUid } = await testPayment(3000);
    const res = await service.post('/payments/complete', { imp_uid: impUid, merchant_uid: merchantUid });
    t.match(res, { status: 400, body: { status: 'forgery', message: /test channel/ } });
    t.match(await service.iamport.getPayment(impUid), { status: 'cancelled' });
    t.match(await orderOf(service, merchantUid), { status: 'pending', imp_uid: null });
  });

  t.test('redirect: the result page, the order unpaid', async (t) => {
    const { merchantUid, impUid } = await testPayment(3100);
    const query = new URLSearchParams({ imp_uid: impUid, merchant_uid: merchantUid, imp_success: 'true' });
    const res = await fetch(`${service.url}/payments/complete?${query}`, { redirect: 'manual' });
    t.equal(res.status, 303);
    t.match(await orderOf(service, merchantUid), { status: 'pending' });
  });

  t.test('webhook: acknowledged, the order unpaid', async (t) => {
    const { merchantUid, impUid } = await testPayment(3200);
    t.match(await service.post('/webhooks/iamport', { imp_uid: impUid, merchant_uid: merchantUid, status: 'paid' }), { status: 200, body: { outcome: 'forgery' } });
    t.match(await orderOf(service, merchantUid), { status: 'pending' });
  });

  t.test('sync and the sweeper (which list by merchant_uid, where i\'mport has no switch to hide test payments)', async (t) => {
    const synced = await testPayment(3300);
    t.match((await service.api('POST', `/orders/${synced.merchantUid}/sync`)).body, { status: 'pending' });
    const swept = await testPayment(3400);
    await sweepOnce(deps, 0);
    t.match(await orderOf(service, swept.merchantUid), { status: 'pending' });
    const rechecked = await testPayment(3500);
    await recheckRecentChanges(deps, 1);
    t.match(await orderOf(service, rechecked.merchantUid), { status: 'pending' });
    for (const { merchantUid } of [synced, swept, rechecked]) t.same(await eventsOf(service, merchantUid), ['order.created', 'payment.forgery_detected']);
  });

  t.test('a real payment pays the order as always', async (t) => {
    const order = await service.createOrder(3600);
    const real = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 3600, sandbox: false });
    t.match(await service.post('/payments/complete', { imp_uid: real.imp_uid, merchant_uid: order.merchant_uid }), { status: 200, body: { status: 'success' } });
  });
});

t.test('unpaid virtual accounts are closed with DELETE /vbanks (KG이니시스 with its pg_api_key)', async (t) => {
  const service = await startService(t, LIVE);
  const { control } = service.sandbox;
  const deps = service.app.deps.money;
  const paidWithOpenAccount = async (amount: number, pg?: string) => {
    const order = await service.createOrder(amount);
    const card = await control.createPayment({ merchant_uid: order.merchant_uid, amount, sandbox: false });
    await service.post('/payments/complete', { imp_uid: card.imp_uid, merchant_uid: order.merchant_uid });
    const vbank = await control.createPayment({ merchant_uid: order.merchant_uid, amount, status: 'ready', pay_method: 'vbank', sandbox: false, ...(pg ? { pg_provider: pg } : {}) });
    return { merchantUid: order.merchant_uid as string, vbank };
  };

  t.test('revoke accepted: closed, nothing refunded, no event', async (t) => {
    const { merchantUid, vbank } = await paidWithOpenAccount(4000);
    t.match(await service.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: merchantUid }), { status: 409, body: { message: /closed at i'mport/ } });
    t.match(await service.iamport.getPayment(vbank.imp_uid), { status: 'cancelled', cancel_amount: 0 });
    t.equal((await control.counters())['vbanks.revoke'], 1, 'by the revoke call, not a cancel');
    t.same(await eventsOf(service, merchantUid), ['order.created', 'order.paid']);
  });

  t.test('revoke refused by a PG that cannot close accounts: kept open on the record, its deposit refunded or surfaced', async (t) => {
    const { merchantUid, vbank } = await paidWithOpenAccount(4100, 'jtnet');
    await service.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: merchantUid });
    const open = (await service.api('GET', `/orders/${merchantUid}/payments`)).body.items.find((p: { imp_uid: string }) => p.imp_uid === vbank.imp_uid);
    t.match(open, { status: 'ready', role: 'duplicate', refunds: [{ kind: 'revoke', state: 'failed' }] });
    // the sync alone reports the deposit: its webhook would race it, and the refund be seen still in flight
    await control.deposit(vbank.imp_uid, { webhook: false });
    await service.api('POST', `/orders/${merchantUid}/sync`);
    const deposited = (await service.api('GET', `/orders/${merchantUid}/payments`)).body.items.find((p: { imp_uid: string }) => p.imp_uid === vbank.imp_uid);
    t.match(deposited, { status: 'paid', refund: { state: 'needs_operator' } }, "a deposit's refund needs the buyer's account");
  });

  t.test('revoke of an account deposited meanwhile: refused, and the deposit is handled as a second payment', async (t) => {
    const { merchantUid, vbank } = await paidWithOpenAccount(4200);
    await control.injectFault({ kind: 'hang', count: 1, ms: 500, endpoint: 'vbanks.revoke' });
    const callback = service.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: merchantUid });
    await sleep(150);
    await control.deposit(vbank.imp_uid, { webhook: false }); // the buyer deposits while the revoke is on its way
    t.match(await callback, { status: 409, body: { status: 'duplicate' } });
    const payment = (await service.api('GET', `/orders/${merchantUid}/payments`)).body.items.find((p: { imp_uid: string }) => p.imp_uid === vbank.imp_uid);
    t.match(payment, { status: 'paid', role: 'duplicate', refund: { reason: 'duplicate', state: 'needs_operator' } });
    t.ok((await eventsOf(service, merchantUid)).includes('payment.refund_failed'));
  });
});
