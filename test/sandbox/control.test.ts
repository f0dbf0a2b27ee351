import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call } from './http.js';

t.test('the control API validates what it is given and answers errors in the envelope', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { control, url } = sandbox;
  const create = (body: Record<string, unknown>) => call(url, 'POST', '/__control/payments', { body });

  t.test('refused: typos, values a PG would never record, unsafe URLs', async (t) => {
    const cases: Array<Record<string, unknown>> = [
      { merchant_uid: 'ord_c', amount: 1000, staus: 'paid' },
      { merchant_uid: 'o'.repeat(41), amount: 1000 },
      { merchant_uid: 'ord_c', amount: 1000.5 },
      { merchant_uid: 'ord_c', amount: 0 },
      { merchant_uid: 'ord_c', amount: '1000' },
      { merchant_uid: 'ord_c', amount: 1000, notice_url: 'javascript:alert(1)' },
      { merchant_uid: 'ord_c', amount: 1000, pg_provider: 'KG Inicis' },
      { merchant_uid: 'ord_c', amount: 1000, status: 'refunded' },
      { merchant_uid: 'ord_c', amount: 1000, sandbox: 'no' },
    ];
    for (const body of cases) t.match(await create(body), { status: 400, body: { code: -1, message: /\S/, response: null } }, JSON.stringify(body));
    const paid = await control.createPayment({ merchant_uid: 'ord_c_ok', amount: 10.5, currency: 'USD' });
    t.match(paid, { amount: 10.5, currency: 'USD' }, 'cents in a currency that has them');
    t.match(await call(url, 'POST', `/__control/payments/${paid.imp_uid}/webhook`, { body: { url: 'file:///etc/passwd' } }), { status: 400 });
    t.match(await call(url, 'POST', `/__control/payments/${paid.imp_uid}/cancel`, { body: { amount: -5 } }), { status: 400 });
    t.match(await call(url, 'POST', '/__control/payments/imp_000000000000/deposit', { body: {} }), { status: 404, body: { code: -1 } });
    t.match(await call(url, 'PUT', '/__control/webhook-url', { body: { url: 'javascript:x' } }), { status: 400 });
  });

  t.test('a payment created cancelled was paid and refunded in full', async (t) => {
    const cancelled = await control.createPayment({ merchant_uid: 'ord_c_cancelled', amount: 3000, status: 'cancelled' });
    t.match(cancelled, { status: 'cancelled', cancel_amount: 3000, cancel_history: [{ amount: 3000 }] });
    t.ok((cancelled.paid_at ?? 0) > 0 && (cancelled.cancelled_at ?? 0) > 0);
  });

  t.test('pay() approves a ready payment; pg_provider and pg_id name the PG', async (t) => {
    const ready = await control.createPayment({ merchant_uid: 'ord_c_pay', amount: 500, status: 'ready', pay_method: 'card' });
    t.match(await control.pay(ready.imp_uid), { status: 'paid' });
    const kcp = await control.createPayment({ merchant_uid: 'ord_c_kcp', amount: 500, pg_provider: 'kcp', pg_id: 'T0000' });
    t.match(kcp, { pg_provider: 'kcp', pg_id: 'T0000', receipt_url: null });
    t.match(await control.createPayment({ merchant_uid: 'ord_c_ini', amount: 500 }), { pg_provider: 'html5_inicis', pg_id: 'INIpayTest', sandbox: true });
  });
});
