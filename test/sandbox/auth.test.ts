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
