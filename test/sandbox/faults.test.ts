import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, failure, tokenOf } from './http.js';

t.test('faults: reset, 5xx and malformed are not carried out; lost and hang are', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { control, url } = sandbox;
  const token = await tokenOf(sandbox);
  const read = async (impUid: string) => (await call(url, 'GET', `/payments/${impUid}?include_sandbox=true`, { token })).body.response;
  const cancel = (impUid: string) => call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: impUid, amount: 1000 } });

  for (const kind of ['reset', '5xx', 'malformed'] as const) {
    t.test(`${kind}: the cancel fails and nothing is refunded`, async (t) => {
      const paid = await control.createPayment({ merchant_uid: `ord_fault_${kind}`, amount: 5000 });
      await control.injectFault({ kind, count: 1, endpoint: 'cancel' });
      const outcome = await failure(cancel(paid.imp_uid));
      if (kind === 'reset') t.type(outcome, Error, 'the connection is cut');
      else if (kind === '5xx') t.equal(outcome, undefined, 'an answer came (HTTP 503)');
      else t.type(outcome, SyntaxError, 'an answer that is not JSON');
      t.match(await read(paid.imp_uid), { cancel_amount: 0, status: 'paid' }, 'not applied');
      t.match(await cancel(paid.imp_uid), { status: 200, body: { code: 0, response: { cancel_amount: 1000 } } }, 'the fault is spent');
    });
  }

  t.test('lost: the cancel is applied, and the caller gets no answer', async (t) => {
    const paid = await control.createPayment({ merchant_uid: 'ord_fault_lost', amount: 5000 });
    await control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancel' });
    t.type(await failure(cancel(paid.imp_uid)), Error, 'the connection is cut');
    t.match(await read(paid.imp_uid), { cancel_amount: 1000, cancel_history: [{ amount: 1000 }] }, 'applied once');
  });

  t.test('lost on prepare: registered, answer lost; a retried POST is then refused as a duplicate', async (t) => {
    await control.injectFault({ kind: 'lost', count: 1, endpoint: 'prepare' });
    const body = { merchant_uid: 'ord_fault_prepare', amount: 3000 };
    t.type(await failure(call(url, 'POST', '/payments/prepare', { token, body })), Error);
    t.match((await call(url, 'GET', '/payments/prepare/ord_fault_prepare', { token })).body.response, { amount: 3000 });
    t.not((await call(url, 'POST', '/payments/prepare', { token, body })).body.code, 0);
  });

  t.test('hang: answered late, and applied', async (t) => {
    const paid = await control.createPayment({ merchant_uid: 'ord_fault_hang', amount: 5000 });
    await control.injectFault({ kind: 'hang', count: 1, ms: 300, endpoint: 'cancel' });
    const started = Date.now();
    t.match(await cancel(paid.imp_uid), { status: 200, body: { code: 0 } });
    t.ok(Date.now() - started >= 300);
  });

  t.test('faults count as calls; unknown kinds and endpoints are refused so a typo cannot pass silently', async (t) => {
    await control.reset();
    await control.injectFault({ kind: 'reset', count: 2, endpoint: 'payments.get' });
    await failure(read('imp_any'));
    await failure(read('imp_any'));
    t.equal((await control.counters())['payments.get'], 2);
    await t.rejects(control.injectFault({ kind: 'reset', count: 1, endpoint: 'payment.get' as never }), /400/);
    await t.rejects(control.injectFault({ kind: 'explode' as never, count: 1 }), /400/);
  });
});
