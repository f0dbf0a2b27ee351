import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

t.test('test-channel payments: hidden from GET /payments/{imp_uid} unless include_sandbox=true, shown everywhere else', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { control, url } = sandbox;
  const token = await tokenOf(sandbox);
  const get = (path: string) => call(url, 'GET', path, { token });

  const test = await control.createPayment({ merchant_uid: 'ord_channel_test', amount: 1000 });
  const real = await control.createPayment({ merchant_uid: 'ord_channel_real', amount: 1000, sandbox: false });
  t.equal(test.sandbox, true, 'every payment the simulator makes is a test payment by default');
  t.equal(real.sandbox, false);

  t.match(await get(`/payments/${test.imp_uid}`), { status: 404, body: { code: -1, response: null } });
  t.match(await get(`/payments/${test.imp_uid}?include_sandbox=false`), { status: 404 });
  t.match(await get(`/payments/${test.imp_uid}?include_sandbox=true`), { status: 200, body: { response: { imp_uid: test.imp_uid, sandbox: true } } });
  t.match(await get(`/payments/${real.imp_uid}`), { status: 200, body: { response: { sandbox: false } } });

  t.match(await get('/payments/find/ord_channel_test'), { status: 200, body: { response: { sandbox: true } } });
  t.match(await get('/payments/findAll/ord_channel_test'), { status: 200, body: { response: { total: 1 } } });
  t.match(await get(`/payments?imp_uid[]=${test.imp_uid}`), { status: 200, body: { response: [{ sandbox: true }] } });
  t.match(await get('/payments/status/paid'), { status: 200, body: { response: { total: 2 } } });
  t.match(await call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: test.imp_uid } }), { body: { code: 0 } }, 'and it can be cancelled');

  const window = await call(url, 'POST', '/__checkout', { body: { params: { merchant_uid: 'ord_channel_window', amount: 1000 }, choice: 'card' } });
  t.match(await get(`/payments/${(window.body as unknown as { rsp: { imp_uid: string } }).rsp.imp_uid}?include_sandbox=true`), { body: { response: { sandbox: true } } }, 'the payment window makes test payments');
});
