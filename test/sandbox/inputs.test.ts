import t from 'tap';
import { request } from 'undici';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

t.test('bad input is refused at the edge, in the envelope, never as a 500', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { url, control } = sandbox;
  const token = await tokenOf(sandbox);
  const read = async (impUid: string) => (await call(url, 'GET', `/payments/${impUid}?include_sandbox=true`, { token })).body.response;

  t.test('a cancel amount other than missing or 0 must be a valid amount: no bad value refunds everything', async (t) => {
    const paid = await control.createPayment({ merchant_uid: 'ord_bad_amount', amount: 20000 });
    for (const amount of [-1000, 'abc', '-1000', 1000.5, 'NaN', true, [1000]]) {
      const answer = await call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: paid.imp_uid, amount } });
      t.match(answer, { status: 200, body: { code: 1, response: null } }, `amount ${JSON.stringify(amount)} is refused`);
    }
    const form = await call(url, 'POST', '/payments/cancel', { token, form: true, body: { imp_uid: paid.imp_uid, amount: '-1000' } });
    t.match(form.body, { code: 1 }, 'form-encoded too');
    t.match(await call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: paid.imp_uid, amount: 1000, checksum: 'abc' } }), { body: { code: 1 } }, 'a checksum that is not a number is not skipped');
    t.match(await read(paid.imp_uid), { status: 'paid', cancel_amount: 0, cancel_history: [] }, 'nothing was refunded');

    const partial = await call(url, 'POST', '/payments/cancel', { token, form: true, body: { imp_uid: paid.imp_uid, amount: '5000', checksum: '20000' } });
    t.match(partial.body.response, { cancel_amount: 5000, status: 'paid' });
    const rest = await call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: paid.imp_uid, amount: 0 } });
    t.match(rest.body.response, { cancel_amount: 20000, status: 'cancelled' }, '0 means all that remains');
  });

  t.test('a missing amount means all that remains', async (t) => {
    const paid = await control.createPayment({ merchant_uid: 'ord_full', amount: 3000 });
    t.match((await call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: paid.imp_uid } })).body.response, { cancel_amount: 3000, status: 'cancelled' });
  });

  t.test('a cancel naming no payment', async (t) => {
    const answer = await call(url, 'POST', '/payments/cancel', { token, body: { reason: 'x' } });
    t.match(answer, { status: 200, body: { code: 1, message: /지정해주셔야합니다/ } });
  });

  t.test('U+0000 or a lone surrogate anywhere: 400 in the envelope, nothing stored', async (t) => {
    const cases: Array<[string, string, Record<string, unknown> | undefined, boolean?]> = [
      ['POST', '/payments/prepare', { merchant_uid: 'ord_\u0000', amount: 1000 }],
      ['POST', '/payments/prepare', { merchant_uid: 'ord_nul_form', amount: '1000', currency: 'KR\u0000' }, true],
      ['POST', '/payments/prepare', { merchant_uid: 'ord_\ud800', amount: 1000 }],
      ['POST', '/payments/cancel', { merchant_uid: 'ord_x', reason: 'a\u0000b' }],
      ['GET', '/payments/imp_%00', undefined],
      ['GET', '/payments/find/ord%00x', undefined],
      ['GET', '/payments/status/all?sorting=%00', undefined],
      ['POST', '/users/getToken', { imp_key: '\u0000', imp_secret: 'x' }],
    ];
    for (const [method, path, body, form] of cases) {
      const answer = await call(url, method, path, { token, body, form });
      t.match(answer, { status: 400, body: { code: -1, response: null } }, `${method} ${path} ${JSON.stringify(body)}`);
    }
    t.equal((await call(url, 'GET', '/payments/prepare/ord_nul_form', { token })).status, 404, 'not registered');
    await t.rejects(control.createPayment({ merchant_uid: 'ord_nul', amount: 1000, name: 'T\u0000' }), /400/);
    await t.rejects(control.createPayment({ merchant_uid: 'ord_nul', amount: 1000, custom_data: { ['k\u0000']: 1 } }), /400/);
    const checkout = await call(url, 'POST', '/__checkout', { body: { params: { merchant_uid: 'ord_nul', amount: 1000, name: '\u0000' }, choice: 'card' } });
    t.match(checkout as unknown, { status: 400, body: { rsp: { success: false } } }, 'the payment window answers in its own shape');
    t.equal((await call(url, 'GET', '/payments/find/ord_nul', { token })).status, 404, 'no payment was made');
  });

  t.test('a body that is not JSON is a 400 in the envelope', async (t) => {
    const response = await request(`${url}/payments/prepare`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: token }, body: '{"merchant_uid":' });
    t.equal(response.statusCode, 400);
    t.match(await response.body.json(), { code: -1, message: /JSON/, response: null });
  });
});
