import { sql } from 'kysely';
import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

t.test('lists: sorting, periods, pages and several ids at once, as the reference describes them', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { url, control } = sandbox;
  const token = await tokenOf(sandbox);
  const get = (path: string) => call(url, 'GET', path, { token });
  const uids = (answer: { body: { response: { list: Array<{ merchant_uid: string }> } } }) => answer.body.response.list.map((p) => p.merchant_uid);

  const a = await control.createPayment({ merchant_uid: 'ord_list_a', amount: 1000 });
  await control.createPayment({ merchant_uid: 'ord_list_b', amount: 1000 });
  await control.createPayment({ merchant_uid: 'ord_list_c', amount: 1000 });

  t.test('sorting=-updated follows every change of a payment, refusals excepted', async (t) => {
    t.same(uids(await get('/payments/status/all')), ['ord_list_c', 'ord_list_b', 'ord_list_a'], 'default -started: newest first');
    await call(url, 'POST', '/payments/cancel', { token, body: { imp_uid: a.imp_uid, amount: 100 } });
    t.same(uids(await get('/payments/status/all?sorting=-updated')), ['ord_list_a', 'ord_list_c', 'ord_list_b']);
    t.same(uids(await get('/payments/status/paid?sorting=updated')), ['ord_list_b', 'ord_list_c', 'ord_list_a']);
    await call(url, 'POST', '/payments/cancel', { token, body: { merchant_uid: 'ord_list_b', amount: 100, checksum: 1 } });
    t.same(uids(await get('/payments/status/all?sorting=-updated')), ['ord_list_a', 'ord_list_c', 'ord_list_b'], 'a refused cancel changes nothing');
    await control.cancel((await get('/payments/find/ord_list_b')).body.response.imp_uid, 200);
    t.same(uids(await get('/payments/status/all?sorting=-updated&limit=1')), ['ord_list_b'], 'a console cancel is a change too');
    t.same(uids(await get('/payments/status/all?sorting=started')), ['ord_list_a', 'ord_list_b', 'ord_list_c']);
    t.equal((await get('/payments/status/all?sorting=newest')).status, 400);
  });

  t.test('pages: previous/next, and a page past the end is a 400', async (t) => {
    t.match((await get('/payments/status/all?limit=2')).body.response, { total: 3, previous: 0, next: 2, list: { length: 2 } });
    t.match((await get('/payments/status/all?limit=2&page=2')).body.response, { total: 3, previous: 1, next: 0, list: { length: 1 } });
    t.match(await get('/payments/status/all?limit=2&page=3'), { status: 400, body: { code: -1, response: null } });
    for (const query of ['page=0', 'page=abc', 'limit=0', 'limit=1001', 'limit=2.5']) t.equal((await get(`/payments/status/all?${query}`)).status, 400, query);
    t.match(await get('/payments/status/failed'), { status: 200, body: { response: { total: 0, list: [] } } }, 'an empty first page is no error');
  });

  t.test("from/to bound the time of each payment's own status, at most 90 days", async (t) => {
    const now = Math.floor(Date.now() / 1000);
    const old = await control.createPayment({ merchant_uid: 'ord_list_old', amount: 500 });
    const stale = await control.createPayment({ merchant_uid: 'ord_list_stale', amount: 500 });
    const longAgo = now - 100 * 86400;
    await sql`UPDATE iamport_sandbox.payments SET payment = payment || jsonb_build_object('started_at', ${longAgo}::bigint, 'paid_at', ${longAgo}::bigint) WHERE imp_uid IN (${old.imp_uid}, ${stale.imp_uid})`.execute(database.db);
    await control.cancel(stale.imp_uid);
    const recent = uids(await get('/payments/status/all?limit=100'));
    t.notOk(recent.includes('ord_list_old'), 'paid 100 days ago: outside the default 90 days');
    t.ok(recent.includes('ord_list_stale'), 'started 100 days ago, cancelled now: inside');
    t.same(uids(await get(`/payments/status/paid?from=${longAgo - 60}&to=${longAgo + 60}`)), ['ord_list_old']);
    t.equal((await get(`/payments/status/all?from=${now - 91 * 86400}&to=${now}`)).status, 400, 'more than 90 days');
    t.equal((await get(`/payments/status/all?from=${now}&to=${now - 10}`)).status, 400, 'from after to');
    t.equal((await get('/payments/status/all?from=yesterday')).status, 400);
  });

  t.test('find and findAll take sorting; findAll pages', async (t) => {
    await control.createPayment({ merchant_uid: 'ord_list_many', amount: 1, status: 'failed' });
    await control.createPayment({ merchant_uid: 'ord_list_many', amount: 2 });
    t.equal((await get('/payments/find/ord_list_many')).body.response.amount, 2, 'the newest by default');
    t.equal((await get('/payments/find/ord_list_many?sorting=started')).body.response.amount, 1);
    t.equal((await get('/payments/find/ord_list_many/failed')).body.response.amount, 1);
    t.equal((await get('/payments/find/ord_list_many/nonsense')).status, 404);
    t.equal((await get('/payments/find/ord_list_many?sorting=amount')).status, 400);
    t.match((await get('/payments/findAll/ord_list_many?limit=1&sorting=started')).body.response, { total: 2, next: 2, list: [{ amount: 1 }] });
    t.equal((await get('/payments/findAll/ord_list_many?limit=1&page=3')).status, 400, 'past the end');
    t.equal((await get('/payments/findAll/ord_nobody')).status, 404);
  });

  t.test('GET /payments: imp_uid[] and merchant_uid[]; 207 when some are unknown, 404 when all are', async (t) => {
    const b = (await get('/payments/find/ord_list_b')).body.response;
    const both = await get(`/payments?imp_uid[]=${a.imp_uid}&imp_uid[]=${b.imp_uid}`);
    t.equal(both.status, 200);
    t.same(both.body.response.map((p: { imp_uid: string }) => p.imp_uid).sort(), [a.imp_uid, b.imp_uid].sort());
    const some = await get(`/payments?imp_uid[]=${a.imp_uid}&imp_uid[]=imp_000000000000`);
    t.match(some, { status: 207, body: { code: 0, response: [{ imp_uid: a.imp_uid }] } });
    t.equal(some.body.response.length, 1);
    t.match(await get('/payments?merchant_uid[]=ord_list_many&merchant_uid[]=ord_list_c'), { status: 200, body: { response: [{ amount: 2 }, { merchant_uid: 'ord_list_c' }] } });
    t.equal((await get(`/payments?imp_uid[]=${a.imp_uid}&merchant_uid[]=ord_nobody`)).status, 207);
    t.match(await get('/payments?imp_uid[]=imp_000000000000'), { status: 404, body: { code: -1, response: null } });
    const tooMany = Array.from({ length: 101 }, (_, i) => `imp_uid[]=imp_${i}`).join('&');
    t.equal((await get(`/payments?${tooMany}`)).status, 400, 'at most 100 at once');
  });
});
