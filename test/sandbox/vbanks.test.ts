import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, failure, tokenOf } from './http.js';

t.test('DELETE /vbanks/{imp_uid} closes an unpaid virtual account, as the reference describes', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { control, url } = sandbox;
  const token = await tokenOf(sandbox);
  const revoke = (impUid: string, query = '?pg_api_key=sandbox_pg_api_key') => call(url, 'DELETE', `/vbanks/${impUid}${query}`, { token });
  const open = (merchantUid: string, extra: Record<string, unknown> = {}) =>
    control.createPayment({ merchant_uid: merchantUid, amount: 9000, status: 'ready', pay_method: 'vbank', ...extra });

  t.test('a ready account is closed: status cancelled, nothing refunded, no deposit can land', async (t) => {
    const vbank = await open('ord_revoke');
    const closed = await revoke(vbank.imp_uid);
    t.match(closed, { status: 200, body: { code: 0, response: { imp_uid: vbank.imp_uid, status: 'cancelled', cancel_amount: 0, cancel_history: [] } } });
    t.ok(closed.body.response.cancelled_at > 0);
    await t.rejects(control.deposit(vbank.imp_uid), /only an unpaid virtual account/);
    t.match(await revoke(vbank.imp_uid), { status: 400, body: { code: -1, response: null } }, 'no longer ready');
  });

  t.test('refused: not a virtual account, deposited, unknown, no token', async (t) => {
    const card = await control.createPayment({ merchant_uid: 'ord_revoke_card', amount: 9000 });
    t.match(await revoke(card.imp_uid), { status: 400, body: { code: -1, message: /가상계좌/ } });
    const paid = await open('ord_revoke_paid');
    await control.deposit(paid.imp_uid);
    t.match(await revoke(paid.imp_uid), { status: 400, body: { code: -1 } });
    t.match(await revoke('imp_000000000000'), { status: 404, body: { code: -1, response: null } });
    t.equal((await call(url, 'DELETE', `/vbanks/${paid.imp_uid}`)).status, 401);
  });

  t.test('KG이니시스 needs pg_api_key (any non-empty value here); other PGs do not', async (t) => {
    const inicis = await open('ord_revoke_inicis');
    for (const query of ['', '?pg_api_key=']) {
      t.match(await revoke(inicis.imp_uid, query), { status: 200, body: { code: 1, message: /hashData/, response: null } }, `pg_api_key ${query || 'missing'}`);
    }
    t.match((await call(url, 'GET', `/payments/${inicis.imp_uid}?include_sandbox=true`, { token })).body.response, { status: 'ready' }, 'still open');
    const kcp = await open('ord_revoke_kcp', { pg_provider: 'kcp' });
    t.match(await revoke(kcp.imp_uid, ''), { status: 200, body: { code: 0, response: { status: 'cancelled' } } });
  });

  t.test('a PG outside the supported list can neither revoke nor cancel an unpaid account', async (t) => {
    const jtnet = await open('ord_revoke_jtnet', { pg_provider: 'jtnet' });
    t.match(await revoke(jtnet.imp_uid), { status: 400, body: { code: -1, message: /지원하지 않는 PG사/ } });
    t.match(await call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: jtnet.imp_uid } }), { status: 200, body: { code: 1, message: /지원하지 않는 PG사/ } });
    t.match(await control.deposit(jtnet.imp_uid), { status: 'paid' }, 'the account stayed open: a deposit still lands');
  });

  t.test('the checkout window takes pg as "provider.mid"', async (t) => {
    const answer = await call(url, 'POST', '/__checkout', { body: { params: { merchant_uid: 'ord_revoke_window', amount: 9000, pg: 'jtnet.tpay_test' }, choice: 'vbank' } });
    const impUid = (answer.body as unknown as { rsp: { imp_uid: string; pg_provider: string } }).rsp.imp_uid;
    t.match((await call(url, 'GET', `/payments/${impUid}?include_sandbox=true`, { token })).body.response, { pg_provider: 'jtnet', pg_id: 'tpay_test', status: 'ready' });
    t.match(await revoke(impUid), { status: 400 });
    const bad = await call(url, 'POST', '/__checkout', { body: { params: { merchant_uid: 'ord_revoke_window', amount: 9000, pg: 'no such pg!' }, choice: 'vbank' } });
    t.match(bad as unknown, { status: 400, body: { rsp: { success: false } } });
  });

  t.test('faults count it as vbanks.revoke: reset leaves it open, lost closes it', async (t) => {
    const first = await open('ord_revoke_reset');
    await control.reset();
    await control.injectFault({ kind: 'reset', count: 1, endpoint: 'vbanks.revoke' });
    t.type(await failure(revoke(first.imp_uid)), Error);
    t.match((await call(url, 'GET', `/payments/find/ord_revoke_reset`, { token })).body.response, { status: 'ready' });
    await control.injectFault({ kind: 'lost', count: 1, endpoint: 'vbanks.revoke' });
    t.type(await failure(revoke(first.imp_uid)), Error);
    t.match((await call(url, 'GET', `/payments/find/ord_revoke_reset`, { token })).body.response, { status: 'cancelled' });
    t.equal((await control.counters())['vbanks.revoke'], 2);
  });
});
