import { Writable } from 'node:stream';
import pino from 'pino';
import t from 'tap';
import { loggerOptions } from '../../src/http/logging.js';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { sandboxConfig } from '../helpers/service.js';
import { startTestApp, TEST_API_KEY } from '../helpers/app.js';

t.test('a full payment logged at trace level never shows the secret, the token or the API key', async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _encoding, done) => void (lines.push(String(chunk)), done()) });
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const config = sandboxConfig(sandbox, { LOG_LEVEL: 'trace' });
  const { url } = await startTestApp(t, database, config, { logger: pino(loggerOptions('trace'), sink) });
  const auth = { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' };

  const order = (await (await fetch(`${url}/orders`, { method: 'POST', headers: auth, body: JSON.stringify({ amount: 1000, name: 'x' }) })).json()) as { merchant_uid: string };
  const payment = await sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 1000 });
  await fetch(`${url}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid }) });
  await fetch(`${url}/orders/${order.merchant_uid}/cancel`, { method: 'POST', headers: auth, body: JSON.stringify({ reason: 'test', amount: 100 }) });
  await fetch(`${url}/orders`, { headers: { authorization: 'Bearer not-a-key' } });

  const token = ((await (await fetch(`${sandbox.url}/users/getToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_key: sandbox.credentials.apiKey, imp_secret: sandbox.credentials.apiSecret }) })).json()) as { response: { access_token: string } }).response.access_token;
  const log = lines.join('');
  t.ok(lines.length >= 4, 'the flow was logged');
  t.notOk(log.includes(sandbox.credentials.apiSecret), "no i'mport secret");
  t.notOk(log.includes(token), 'no access token');
  t.notOk(log.includes(TEST_API_KEY), 'no API key');
  t.notOk(log.includes('not-a-key'), 'not even a wrong key');
});
