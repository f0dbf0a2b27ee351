import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { eventsOf, sandboxConfig, startService, type Service } from '../helpers/service.js';

async function waitFor(service: Service, merchantUid: string, status: string) {
  for (let i = 0; i < 100; i += 1) {
    const order = (await service.api('GET', `/orders/${merchantUid}`)).body;
    if (order.status === status) return order;
    await sleep(50);
  }
  throw new Error(`order ${merchantUid} never became ${status}`);
}

t.test('webhooks', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;

  t.test('webhook before callback, then the callback: one change', async (t) => {
    const order = await service.createOrder(1200);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 1200, webhook: true });
    await waitFor(service, order.merchant_uid, 'paid');
    const res = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.match(res, { status: 200, body: { status: 'success' } });
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid']);
  });

  t.test('callback first, then duplicated and reordered webhooks (a stale ready after paid) change nothing', async (t) => {
    const order = await service.createOrder(2500);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 2500, status: 'ready', pay_method: 'vbank' });
    await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    await control.deposit(payment.imp_uid);
    await waitFor(service, order.merchant_uid, 'paid');
    const stale = await service.post('/webhooks/iamport', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, status: 'ready' });
    t.match(stale, { status: 200, body: { ok: true } });
    await control.sendWebhook(payment.imp_uid, { times: 5 });
    await sleep(300);
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'paid' });
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.awaiting_deposit', 'order.paid']);
  });

  t.test('a spoofed webhook claiming paid for an unpaid payment changes nothing', async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000, status: 'ready', pay_method: 'card' });
    const spoof = await service.post('/webhooks/iamport', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, status: 'paid' });
    t.equal(spoof.status, 200);
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'pending', imp_uid: null });
    const invented = await service.post('/webhooks/iamport', { imp_uid: 'imp_000000000000', merchant_uid: order.merchant_uid, status: 'paid' });
    t.match(invented, { status: 200, body: { ok: true, outcome: 'notFound' } });
    t.same(await eventsOf(service, order.merchant_uid), ['order.created']);
  });

  t.test("an unknown order is acknowledged without asking i'mport; i'mport down for one of ours is 503 so i'mport retries", async (t) => {
    const stray = await control.createPayment({ merchant_uid: 'ord_not_ours', amount: 100 });
    const asked = async () => (await control.counters())['payments.get'] ?? 0;
    const before = await asked();
    await control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
    const unknown = await service.post('/webhooks/iamport', { imp_uid: stray.imp_uid, merchant_uid: 'ord_not_ours', status: 'paid' });
    t.match(unknown, { status: 200, body: { ok: true, outcome: 'notFound' } });
    t.equal(await asked(), before, "nothing for an order we do not hold is fetched from i'mport");

    const order = await service.createOrder(100);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 100 });
    const down = await service.post('/webhooks/iamport', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, status: 'paid' });
    t.equal(down.status, 503);
    const receipts = await service.database.db.selectFrom('webhook_receipts').select(['imp_uid', 'source_ip', 'outcome']).where('imp_uid', 'in', [stray.imp_uid, payment.imp_uid]).orderBy('id').execute();
    t.match(receipts, [{ imp_uid: stray.imp_uid, source_ip: '127.0.0.1', outcome: 'notFound' }, { imp_uid: payment.imp_uid, outcome: 'unavailable' }]);
    t.same(await eventsOf(service, order.merchant_uid), ['order.created'], 'nothing applied while i\'mport was down');
    t.match(await service.post('/webhooks/iamport', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, status: 'paid' }), { status: 200, body: { outcome: 'success' } }, "i'mport's retry applies it");
  });

  t.test('a console-side partial then full cancel at i\'mport reaches the order through webhooks', async (t) => {
    const order = await service.createOrder(10000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 10000 });
    await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    await control.cancel(payment.imp_uid, 4000);
    await waitFor(service, order.merchant_uid, 'partially_cancelled');
    await control.cancel(payment.imp_uid);
    const cancelled = await waitFor(service, order.merchant_uid, 'cancelled');
    t.equal(cancelled.cancelled_amount, 10000);
    t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid', 'order.partially_cancelled', 'order.cancelled']);
  });

  t.test('deliveries refused before verification (bad body, not JSON, source not allowed) are recorded too', async (t) => {
    const bad = await service.post('/webhooks/iamport', { imp_uid: 'imp_bad_body', merchant_uid: 42 });
    t.equal(bad.status, 400);
    const form = await fetch(`${service.url}/webhooks/iamport`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'imp_uid=imp_form' });
    t.equal(form.status, 415);
    const allowListed = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { IAMPORT_WEBHOOK_IPS: '10.9.8.7' }));
    const body = JSON.stringify({ imp_uid: 'imp_wrong_ip', merchant_uid: 'ord_x', status: 'paid' });
    const refused = await fetch(`${allowListed.url}/webhooks/iamport`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    t.equal(refused.status, 403);
    const receipts = await service.database.db
      .selectFrom('webhook_receipts')
      .select(['imp_uid', 'merchant_uid', 'source_ip', 'outcome'])
      .where('outcome', 'like', 'rejected_%')
      .orderBy('id')
      .execute();
    t.match(receipts, [
      { imp_uid: 'imp_bad_body', merchant_uid: null, source_ip: '127.0.0.1', outcome: 'rejected_400' },
      { imp_uid: null, source_ip: '127.0.0.1', outcome: 'rejected_415' },
      { imp_uid: null, source_ip: '127.0.0.1', outcome: 'rejected_403' },
    ]);
  });
});

t.test('an audit row keeps at most 2 KiB of a delivery body, refused or not', async (t) => {
  const service = await startService(t);
  const junk = 'x'.repeat(60_000);
  const refused = await service.post('/webhooks/iamport', { imp_uid: 'imp_junk_refused', merchant_uid: 42, junk });
  t.equal(refused.status, 400);
  const accepted = await service.post('/webhooks/iamport', { imp_uid: 'imp_junk_accepted', merchant_uid: 'ord_junk', status: 'paid\u0000', junk });
  t.equal(accepted.status, 200);
  const rows = await service.database.db.selectFrom('webhook_receipts').select(['imp_uid', 'body']).orderBy('id').execute();
  t.same(rows.map((row) => row.imp_uid), ['imp_junk_refused', 'imp_junk_accepted']);
  for (const row of rows) {
    t.ok(JSON.stringify(row.body).length < 2600, 'the body is cut');
    t.match(row.body, { truncated: true, length: Number, head: /^\{"imp_uid":"imp_junk/ });
  }
});

t.test('a body cut inside a character (an emoji is two UTF-16 units) is still recorded, and so is its batch', async (t) => {
  const service = await startService(t);
  const junk = '😀'.repeat(3_000);
  // ids one character apart: one of the two cuts falls between the halves of an emoji
  const ids = ['imp_emoji_a', 'imp_emoji_ab'];
  const answers = await Promise.all(ids.map((imp_uid) => service.post('/webhooks/iamport', { imp_uid, merchant_uid: 'ord_emoji', status: 'paid', junk })));
  t.same(answers.map((answer) => answer.status), [200, 200]);
  const rows = await service.database.db.selectFrom('webhook_receipts').select(['imp_uid', 'body']).where('imp_uid', 'in', ids).execute();
  t.same(rows.map((row) => row.imp_uid).sort(), ids);
  for (const row of rows) t.match(row.body, { truncated: true, head: /^\{"imp_uid":"imp_emoji_a/ });
});
