import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

t.test('cancel by merchant_uid finds the payment whatever its status', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { url, control } = sandbox;
  const token = await tokenOf(sandbox);
  const cancel = (body: Record<string, unknown>) => call(url, 'POST', '/payments/cancel', { token, body });

  t.test('a repeated full cancel answers "already fully cancelled", the text integrations treat as done', async (t) => {
    await control.createPayment({ merchant_uid: 'ord_repeat', amount: 1000 });
    t.match(await cancel({ merchant_uid: 'ord_repeat' }), { body: { code: 0, response: { status: 'cancelled' } } });
    t.same(await cancel({ merchant_uid: 'ord_repeat' }), { status: 200, body: { code: 1, message: '이미 전액취소된 주문입니다.', response: null } });
  });

  t.test('an open virtual account can be closed by merchant_uid, refunding nothing', async (t) => {
    await control.createPayment({ merchant_uid: 'ord_open_vbank', amount: 8000, status: 'ready', pay_method: 'vbank' });
    t.match(await cancel({ merchant_uid: 'ord_open_vbank' }), { body: { code: 0, response: { status: 'cancelled', cancel_amount: 0 } } });
  });

  t.test('the paid payment of an order wins over a newer failed attempt', async (t) => {
    const paid = await control.createPayment({ merchant_uid: 'ord_mixed', amount: 2000 });
    await control.createPayment({ merchant_uid: 'ord_mixed', amount: 2000, status: 'failed' });
    t.match(await cancel({ merchant_uid: 'ord_mixed', amount: 500 }), { body: { code: 0, response: { imp_uid: paid.imp_uid, cancel_amount: 500 } } });
  });

  t.test('imp_uid wins, and an unknown one fails whatever merchant_uid says (cancel guide v1)', async (t) => {
    const paid = await control.createPayment({ merchant_uid: 'ord_both', amount: 2000 });
    t.match(await cancel({ imp_uid: 'imp_000000000000', merchant_uid: 'ord_both' }), { body: { code: 1, message: '취소할 결제건이 존재하지 않습니다.' } });
    t.match(await cancel({ merchant_uid: 'ord_nobody' }), { body: { code: 1, message: '취소할 결제건이 존재하지 않습니다.' } });
    t.match(await cancel({ imp_uid: paid.imp_uid, merchant_uid: 'ord_other' }), { body: { code: 0 } });
  });
});
