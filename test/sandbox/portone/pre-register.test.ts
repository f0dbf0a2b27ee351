import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { checkout, requestParams } from './checkout.js';
import { v2 } from './http.js';

t.test('pre-registration pins the amount a payment attempt must have', async (t) => {
  const database = await freshDatabase(t);
  const { url, control } = await startPortOneSandbox(t, database);
  const preRegister = (paymentId: string, body: unknown) => v2(url, 'POST', `/payments/${paymentId}/pre-register`, { body });

  t.test('an attempt of another amount or currency is refused before any attempt is made', async (t) => {
    t.same(await preRegister('pre_1', { totalAmount: 10000, currency: 'KRW' }), { status: 200, body: {} });
    const refused = await checkout(url, requestParams('pre_1', { totalAmount: 1000 }), 'approve');
    t.match(refused.body.response, { transactionType: 'PAYMENT', paymentId: 'pre_1', code: 'AmountNotEqualToPredefined' });
    t.notOk(refused.body.response.txId);
    t.match((await checkout(url, requestParams('pre_1', { currency: 'USD' }), 'approve')).body.response, { code: 'AmountNotEqualToPredefined' });
    t.match(await v2(url, 'GET', '/payments/pre_1'), { status: 404 }, 'no attempt was recorded');
    const paid = await checkout(url, requestParams('pre_1'), 'approve');
    t.match(paid.body.response, { transactionType: 'PAYMENT', paymentId: 'pre_1', txId: /\S/ });
    t.notOk(paid.body.response.code);
    t.match(await preRegister('pre_1', { totalAmount: 10000 }), { status: 409, body: { type: 'ALREADY_PAID' } });
  });

  t.test('a second pre-registration replaces the first; an empty one pins nothing', async (t) => {
    await preRegister('pre_2', { totalAmount: 5000 });
    await preRegister('pre_2', { totalAmount: 7000 });
    t.match((await checkout(url, requestParams('pre_2', { totalAmount: 5000 }), 'close')).body.response, { code: 'AmountNotEqualToPredefined' });
    t.match((await checkout(url, requestParams('pre_2', { totalAmount: 7000 }), 'close')).body.response, { code: 'PGProviderError', txId: /\S/ });
    await preRegister('pre_2', {});
    t.notOk((await checkout(url, requestParams('pre_2', { totalAmount: 1 }), 'approve')).body.response.code);
  });

  t.test('forgotten by the control API (a PG that does not enforce it): any amount is paid', async (t) => {
    await preRegister('pre_3', { totalAmount: 5000 });
    await control.forgetPreRegistration('pre_3');
    t.notOk((await checkout(url, requestParams('pre_3', { totalAmount: 50 }), 'approve')).body.response.code);
    await t.rejects(control.forgetPreRegistration('pre_3'), /404/);
  });

  t.test('invalid bodies are refused by field', async (t) => {
    t.match(await preRegister('pre_4', { totalAmount: -1 }), { status: 400, body: { type: 'INVALID_REQUEST', message: /totalAmount/ } });
    t.match(await preRegister('pre_4', { currency: 'KRWX' }), { status: 400, body: { message: /currency/ } });
    const empty = await v2(url, 'POST', '/payments/pre_4/pre-register', { headers: { 'content-type': 'application/json' } });
    t.match(empty, { status: 400, body: { type: 'INVALID_REQUEST' } }, 'the body is required (an empty object pins nothing)');
  });
});
