import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { listPayments, v2 } from './http.js';
import { startReceiver } from './receiver.js';

t.test('the control API: payments in any state, broken answers, silent changes, and input checked by field', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t);
  const { url, control, credentials } = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/shop` });
  const create = (body: Record<string, unknown>) => v2(url, 'POST', '/__control/payments', { body, auth: null });
  const read = async (paymentId: string) => (await v2(url, 'GET', `/payments/${paymentId}`)).body;

  t.test('refused: typos, amounts a PG would never record, unsafe URLs, unknown payments and actions', async (t) => {
    const cases: Array<Record<string, unknown>> = [
      { paymentId: 'ct', amount: 1000, staus: 'PAID' },
      { paymentId: 'ct', amount: 1000.5 },
      { paymentId: 'ct', amount: 0 },
      { paymentId: 'ct', amount: '1000' },
      { paymentId: 'ct', amount: 1000, currency: 'won' },
      { paymentId: 'ct', amount: 1000, status: 'paid' },
      { paymentId: 'ct', amount: 1000, channel: 'PROD' },
      { paymentId: 'ct', amount: 1000, noticeUrls: ['javascript:alert(1)'] },
      { paymentId: 'ct', amount: 1000, status: 'VIRTUAL_ACCOUNT_ISSUED', method: 'CARD' },
      { paymentId: 'ct', amount: 1000, status: 'PAID', cancelledAmount: 10 },
      { paymentId: 'ct', amount: 1000, at: 'yesterday' },
    ];
    for (const body of cases) t.match(await create(body), { status: 400, body: { type: 'INVALID_REQUEST', message: /\S/ } }, JSON.stringify(body));
    t.match(await v2(url, 'POST', '/__control/payments/ct_none/deposit', { body: {}, auth: null }), { status: 404, body: { type: 'PAYMENT_NOT_FOUND' } });
    await control.createPayment({ paymentId: 'ct_0', amount: 100 });
    t.match(await v2(url, 'POST', '/__control/payments/ct_0/explode', { body: {}, auth: null }), { status: 404 });
    t.match(await v2(url, 'POST', '/__control/payments/ct_0/cancel', { body: { amount: -5 }, auth: null }), { status: 400 });
    t.match(await v2(url, 'PUT', '/__control/webhook-url', { body: { url: 'file:///etc/passwd' }, auth: null }), { status: 400 });
    t.match(await v2(url, 'POST', '/__control/payments/ct_0/webhook', { body: { type: 'Transaction.Refunded' }, auth: null }), { status: 400 });
  });

  t.test('created as PortOne would have recorded it: at a given time, LIVE or TEST, any currency, partly cancelled', async (t) => {
    const at = '2026-01-02T03:04:05.000Z';
    const { payment } = await control.createPayment({ paymentId: 'ct_1', amount: 4999, currency: 'USD', channel: 'LIVE', at });
    t.match(payment, { status: 'PAID', requestedAt: at, paidAt: at, statusChangedAt: at, currency: 'USD', amount: { total: 4999 }, channel: { type: 'LIVE', key: credentials.liveChannelKey } });
    t.notOk(payment.amount.vat, 'no VAT breakdown outside KRW');
    const unix = await control.createPayment({ paymentId: 'ct_2', amount: 10000, status: 'PARTIAL_CANCELLED', cancelledAmount: 2500, at: 1767225600 });
    t.match(unix.payment, { status: 'PARTIAL_CANCELLED', requestedAt: '2026-01-01T00:00:00.000Z', amount: { cancelled: 2500, vat: 909 }, cancellations: [{ trigger: 'CONSOLE', totalAmount: 2500 }] });
    const cancelled = await control.createPayment({ paymentId: 'ct_3', amount: 10000, status: 'CANCELLED' });
    t.match(cancelled.payment, { status: 'CANCELLED', amount: { cancelled: 10000 } });
    const failed = await control.createPayment({ paymentId: 'ct_4', amount: 100, status: 'FAILED' });
    t.match(await control.pay('ct_4'), { payment: { status: 'PAID', transactionId: failed.transaction.id } }, 'approved late');
  });

  t.test('overwrite: dotted paths set to anything or removed, in GET and in the list; none clears it', async (t) => {
    await control.createPayment({ paymentId: 'ct_5', amount: 5000 });
    const broken = await control.overwrite('ct_5', { 'amount.total': '5000', currency: null, 'channel.type': 'PROD' }, ['amount.cancelled']);
    t.match(broken, { amount: { total: '5000' }, currency: null, channel: { type: 'PROD' } });
    t.notOk('cancelled' in broken.amount);
    t.match(await read('ct_5'), { amount: { total: '5000', paid: 5000 }, currency: null });
    const listed = (await listPayments(url, { page: { size: 100 } })).body.items.find((p: { id: string }) => p.id === 'ct_5');
    t.match(listed, { amount: { total: '5000' } });
    t.match(await control.cancel('ct_5', { amount: 1000 }), { payment: { status: 'PARTIAL_CANCELLED', amount: { total: '5000', paid: 5000 } } }, 'the state underneath stays sound');
    await control.overwrite('ct_5', {});
    t.match(await read('ct_5'), { amount: { total: 5000, cancelled: 1000 }, currency: 'KRW', channel: { type: 'TEST' } });
  });

  t.test('a silent modification moves updatedAt only, without a webhook', async (t) => {
    await control.createPayment({ paymentId: 'ct_6', amount: 5000 });
    const before = await read('ct_6');
    await sleep(5);
    const { payment } = await control.issueCashReceipt('ct_6');
    t.match(payment, { cashReceiptIssuanceStatus: 'ISSUED', statusChangedAt: before.statusChangedAt, status: 'PAID' });
    t.ok(payment.updatedAt > before.updatedAt);
    await control.drainWebhooks();
    t.same(hooks.received.filter((r) => r.body.data.paymentId === 'ct_6'), []);
  });

  t.test('webhook: false changes without notifying; setWebhookUrl routes the rest', async (t) => {
    await control.createPayment({ paymentId: 'ct_7', amount: 5000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    await control.deposit('ct_7', { webhook: false });
    await control.drainWebhooks();
    t.same(hooks.received.filter((r) => r.body.data.paymentId === 'ct_7'), []);
    await control.setWebhookUrl(`${hooks.base}/moved`);
    await control.sendWebhook('ct_7');
    await control.drainWebhooks();
    t.match(hooks.received.at(-1), { path: 'moved', body: { type: 'Transaction.Paid', data: { paymentId: 'ct_7' } } });
  });
});
