import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

t.test('pre-registration: limits, currency and the answers i\'mport gives', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const token = await tokenOf(sandbox);
  const prepare = (body: Record<string, unknown>, method = 'POST') => call(sandbox.url, method, '/payments/prepare', { token, body });

  t.test('merchant_uid is at most 40 characters (reference: maxLength 40)', async (t) => {
    t.match(await prepare({ merchant_uid: 'm'.repeat(41), amount: 1000 }), { status: 200, body: { code: 1, response: null } });
    t.match(await prepare({ merchant_uid: 'm'.repeat(40), amount: 1000 }), { status: 200, body: { code: 0 } });
  });

  t.test('amounts: whole won in KRW, cents elsewhere; never a 500 or database text', async (t) => {
    for (const amount of [1000.5, -1, 0, 'abc', '1e400', true, { n: 1 }]) {
      const answer = await prepare({ merchant_uid: `ord_amount_${JSON.stringify(amount)}`, amount });
      t.match(answer, { status: 200, body: { code: 1, response: null } }, `amount ${JSON.stringify(amount)} is refused`);
      t.notMatch(answer.body.message, /invalid input|syntax|bigint|numeric|postgres/i);
    }
    const usd = await prepare({ merchant_uid: 'ord_usd', amount: 10.5, currency: 'USD' });
    t.same(usd.body.response, { merchant_uid: 'ord_usd', amount: 10.5, currency: 'USD' });
    t.match(await prepare({ merchant_uid: 'ord_usd_cents', amount: 10.555, currency: 'USD' }), { body: { code: 1 } });
    t.match(await prepare({ merchant_uid: 'ord_bad_currency', amount: 10, currency: 'won' }), { body: { code: 1 } });
  });

  t.test('the answer names the currency (null: not checked), JSON or form-encoded alike', async (t) => {
    const json = await prepare({ merchant_uid: 'ord_cur_json', amount: 2000 });
    t.same(json.body, { code: 0, message: null, response: { merchant_uid: 'ord_cur_json', amount: 2000, currency: null } });
    const form = await call(sandbox.url, 'POST', '/payments/prepare', { token, form: true, body: { merchant_uid: 'ord_cur_form', amount: '2000', currency: 'KRW' } });
    t.same(form.body.response, { merchant_uid: 'ord_cur_form', amount: 2000, currency: 'KRW' });
    t.same((await call(sandbox.url, 'GET', '/payments/prepare/ord_cur_form', { token })).body.response, form.body.response);
  });

  t.test("a second POST, an unknown GET and an unknown PUT answer as i'mport does", async (t) => {
    await prepare({ merchant_uid: 'ord_twice', amount: 500 });
    const twice = await prepare({ merchant_uid: 'ord_twice', amount: 500 });
    t.same(twice, { status: 200, body: { code: 1, message: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).', response: null } });
    const unknown = await call(sandbox.url, 'GET', '/payments/prepare/ord_nobody', { token });
    t.same(unknown, { status: 404, body: { code: -1, message: '사전등록된 결제정보가 존재하지 않습니다.', response: null } });
    t.match(await prepare({ merchant_uid: 'ord_nobody', amount: 500 }, 'PUT'), { status: 404, body: { code: -1, response: null } });
  });

  t.test('PUT changes the amount and keeps the currency unless it names one', async (t) => {
    await prepare({ merchant_uid: 'ord_put', amount: 500, currency: 'KRW' });
    t.same((await prepare({ merchant_uid: 'ord_put', amount: 700 }, 'PUT')).body.response, { merchant_uid: 'ord_put', amount: 700, currency: 'KRW' });
    t.same((await prepare({ merchant_uid: 'ord_put', amount: 7.5, currency: 'USD' }, 'PUT')).body.response, { merchant_uid: 'ord_put', amount: 7.5, currency: 'USD' });
    t.same((await prepare({ merchant_uid: 'ord_put', amount: 7.25 }, 'PUT')).body.response, { merchant_uid: 'ord_put', amount: 7.25, currency: 'USD' }, 'cents, since the kept currency is USD');
    t.match(await prepare({ merchant_uid: 'ord_put', amount: 7.5, currency: 'KRW' }, 'PUT'), { body: { code: 1 } }, 'whole won once it is KRW again');
  });
});
