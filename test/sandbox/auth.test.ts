import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

t.test("the token goes in Authorization (with or without Bearer) or in X-ImpTokenHeader, as i'mport takes it", async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const token = await tokenOf(sandbox);
  const paid = await sandbox.control.createPayment({ merchant_uid: 'ord_auth', amount: 1000 });
  const path = `/payments/${paid.imp_uid}?include_sandbox=true`;

  t.match(await call(sandbox.url, 'GET', path, { token }), { status: 200, body: { code: 0 } });
  t.match(await call(sandbox.url, 'GET', path, { token: `Bearer ${token}` }), { status: 200, body: { code: 0 } });
  t.match(await call(sandbox.url, 'GET', path, { headers: { 'x-imptokenheader': token } }), { status: 200, body: { code: 0 } });
  t.match(await call(sandbox.url, 'GET', path, { headers: { 'x-imptokenheader': 'not-the-token' } }), { status: 401, body: { code: -1 } });
  t.match(await call(sandbox.url, 'GET', path), { status: 401, body: { code: -1, message: 'Unauthorized', response: null } });
});

t.test("getToken answers as i'mport does: a missing credential is a 400, a wrong one a 401", async (t) => {
  const database = await freshDatabase(t);
  const { url, credentials } = await startSandbox(t, database);
  const missing = { code: -1, message: 'imp_key, imp_secret 파라메터가 누락되었습니다.', response: null };
  t.same(await call(url, 'POST', '/users/getToken', { body: {} }), { status: 400, body: missing });
  t.same(await call(url, 'POST', '/users/getToken', { body: { imp_key: credentials.apiKey } }), { status: 400, body: missing });
  const wrong = await call(url, 'POST', '/users/getToken', { form: true, body: { imp_key: credentials.apiKey, imp_secret: 'nope' } });
  t.same(wrong, { status: 401, body: { code: -1, message: '인증에 실패하였습니다. API키와 secret을 확인하세요.', response: null } });
  const right = await call(url, 'POST', '/users/getToken', { form: true, body: { imp_key: credentials.apiKey, imp_secret: credentials.apiSecret } });
  t.match(right, { status: 200, body: { code: 0, response: { access_token: /^[0-9a-f]{40}$/ } } }, 'form-encoded, as the reference allows');
});
