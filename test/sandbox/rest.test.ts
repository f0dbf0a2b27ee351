import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';

async function call(base: string, method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { code: number; message: string | null; response: any } };
}

t.test('the REST API answers like i\'mport V1', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { url, credentials, control } = sandbox;

  const wrong = await call(url, 'POST', '/users/getToken', { imp_key: 'x', imp_secret: 'y' });
  t.equal(wrong.status, 401);
  const first = await call(url, 'POST', '/users/getToken', { imp_key: credentials.apiKey, imp_secret: credentials.apiSecret });
  t.equal(first.body.code, 0);
  t.equal(first.body.response.expired_at - first.body.response.now, 1800, 'a token lives 30 minutes');
  const again = await call(url, 'POST', '/users/getToken', { imp_key: credentials.apiKey, imp_secret: credentials.apiSecret });
  t.equal(again.body.response.access_token, first.body.response.access_token, 'the same token until expiry');
  const token = first.body.response.access_token as string;

  t.equal((await call(url, 'GET', '/payments/imp_000000000001')).status, 401, 'no token, no answer');
  t.equal((await call(url, 'GET', '/payments/imp_404', undefined, token)).status, 404);

  const paid = await control.createPayment({ merchant_uid: 'ord_1', amount: 1000 });
  t.match(paid, { status: 'paid', amount: 1000, cancel_amount: 0, currency: 'KRW', pay_method: 'card', sandbox: true });
  t.match(paid.imp_uid, /^imp_\d{12}$/);
  const got = await call(url, 'GET', `/payments/${paid.imp_uid}?include_sandbox=true`, undefined, `Bearer ${token}`);
  t.same(got.body.response, paid);
  const found = await call(url, 'GET', '/payments/find/ord_1', undefined, token);
  t.equal(found.body.response.imp_uid, paid.imp_uid);
  t.equal((await call(url, 'GET', '/payments/find/ord_1/failed', undefined, token)).status, 404);
  const many = await call(url, 'GET', `/payments?imp_uid[]=${paid.imp_uid}`, undefined, token);
  t.equal(many.body.response.length, 1);

  t.equal((await call(url, 'POST', '/payments/prepare', { merchant_uid: 'ord_2', amount: 500 }, token)).body.code, 0);
  const twice = await call(url, 'POST', '/payments/prepare', { merchant_uid: 'ord_2', amount: 500 }, token);
  t.equal(twice.status, 200);
  t.not(twice.body.code, 0, 'a second prepare is refused with HTTP 200 and code ≠ 0');
  t.equal((await call(url, 'GET', '/payments/prepare/ord_2', undefined, token)).body.response.amount, 500);
  await control.forgetPrepared('ord_2');
  t.equal((await call(url, 'GET', '/payments/prepare/ord_2', undefined, token)).status, 404, 'the control API can make i\'mport forget an amount');

  const partial = await call(url, 'POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 300, checksum: 1000 }, token);
  t.match(partial.body.response, { status: 'paid', cancel_amount: 300 });
  t.equal(partial.body.response.cancel_history.length, 1);
  const stale = await call(url, 'POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 300, checksum: 1000 }, token);
  t.not(stale.body.code, 0, 'a stale checksum refunds nothing');
  const over = await call(url, 'POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 800, checksum: 700 }, token);
  t.not(over.body.code, 0, 'more than the balance is refused');
  const rest = await call(url, 'POST', '/payments/cancel', { imp_uid: paid.imp_uid, checksum: 700 }, token);
  t.match(rest.body.response, { status: 'cancelled', cancel_amount: 1000 });
  const done = await call(url, 'POST', '/payments/cancel', { imp_uid: paid.imp_uid }, token);
  t.not(done.body.code, 0, 'already fully cancelled');

  await control.createPayment({ merchant_uid: 'ord_3', amount: 200, status: 'failed' });
  await control.createPayment({ merchant_uid: 'ord_4', amount: 300, status: 'failed' });
  const firstPage = await call(url, 'GET', '/payments/status/failed?limit=1', undefined, token);
  t.match(firstPage.body.response, { total: 2, previous: 0, next: 2, list: [{ merchant_uid: 'ord_4' }] }, 'by status, newest first, paged');
  const lastPage = await call(url, 'GET', '/payments/status/failed?limit=1&page=2', undefined, token);
  t.match(lastPage.body.response, { total: 2, previous: 1, next: 0, list: [{ merchant_uid: 'ord_3' }] });
  t.equal((await call(url, 'GET', '/payments/status/all', undefined, token)).body.response.total, 3);
  const unsupported = { status: 400, body: { code: -1, message: '지원되지 않는 상태값입니다.', response: null } };
  t.same(await call(url, 'GET', '/payments/status/unknown', undefined, token), unsupported);
  t.same(await call(url, 'GET', '/payments/findAll/ord_1/unknown', undefined, token), unsupported);

  await control.injectFault({ kind: '5xx', count: 1, endpoint: 'payments.get' });
  t.equal((await call(url, 'GET', `/payments/${paid.imp_uid}?include_sandbox=true`, undefined, token)).status, 503);
  t.equal((await call(url, 'GET', `/payments/${paid.imp_uid}?include_sandbox=true`, undefined, token)).status, 200, 'the fault is spent');
  const counters = await control.counters();
  t.ok(counters['payments.get']! >= 4);
});
