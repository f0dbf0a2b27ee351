import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { listPayments, v2 } from './http.js';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();

t.test('GET /payments: filter by status-change or creation time, page within 60000', async (t) => {
  const database = await freshDatabase(t);
  const { url, control } = await startPortOneSandbox(t, database);
  const ids = async (body: unknown) => {
    const answer = await listPayments(url, body);
    t.equal(answer.status, 200, JSON.stringify(body));
    return (answer.body.items as Array<{ id: string }>).map((p) => p.id);
  };

  await control.createPayment({ paymentId: 'ls_old', amount: 1000, at: daysAgo(100) });
  await control.createPayment({ paymentId: 'ls_old_refunded', amount: 1000, at: daysAgo(100) });
  await control.cancel('ls_old_refunded', { amount: 100, webhook: false });
  await control.createPayment({ paymentId: 'ls_month', amount: 2000, at: daysAgo(30), channel: 'LIVE' });
  await control.createPayment({ paymentId: 'ls_week', amount: 3000, at: daysAgo(7), status: 'FAILED' });
  await control.createPayment({ paymentId: 'ls_day', amount: 400, currency: 'USD', at: daysAgo(1) });

  t.test('by status change (the default), newest first: a payment made long ago and refunded now is found', async (t) => {
    t.same(await ids({}), ['ls_old_refunded', 'ls_day', 'ls_week', 'ls_month'], 'from defaults to 90 days before until');
    t.same(await ids({ filter: { timestampType: 'CREATED_AT' } }), ['ls_day', 'ls_week', 'ls_month'], 'by creation it is not');
    t.same(await ids({ filter: { from: daysAgo(120), sortOrder: 'ASC' } }), ['ls_old', 'ls_month', 'ls_week', 'ls_day', 'ls_old_refunded']);
    t.same(await ids({ filter: { from: daysAgo(120), until: daysAgo(20) } }), ['ls_month', 'ls_old']);
    t.same(await ids({ filter: { from: daysAgo(120), sortBy: 'REQUESTED_AT' } }), ['ls_day', 'ls_week', 'ls_month', 'ls_old_refunded', 'ls_old'], 'sorted by request time');
  });

  t.test('by status, test flag and currency', async (t) => {
    t.same(await ids({ filter: { status: ['FAILED', 'PARTIAL_CANCELLED'] } }), ['ls_old_refunded', 'ls_week']);
    t.same(await ids({ filter: { isTest: false } }), ['ls_month']);
    t.same(await ids({ filter: { currency: 'USD' } }), ['ls_day']);
    t.same(await ids({ filter: { version: 'V1' } }), []);
  });

  t.test('pages: totalCount is what the page holds; a walk by pages sees each payment once', async (t) => {
    for (let i = 0; i < 7; i += 1) await control.createPayment({ paymentId: `ls_page_${i}`, amount: 100 + i, at: daysAgo(2 + i / 100) });
    const seen: string[] = [];
    for (let number = 0; ; number += 1) {
      const { body } = await listPayments(url, { page: { number, size: 3 }, filter: { status: ['PAID'], isTest: true } });
      t.same(body.page, { number, size: 3, totalCount: body.items.length });
      seen.push(...body.items.map((p: { id: string }) => p.id));
      if (body.items.length < 3) break;
    }
    t.same(seen.filter((id) => id.startsWith('ls_page_')).sort(), Array.from({ length: 7 }, (_, i) => `ls_page_${i}`));
    t.equal(new Set(seen).size, seen.length);
    t.same((await listPayments(url, {})).body.page, { number: 0, size: 10, totalCount: 10 }, 'default page: number 0, size 10');
  });

  t.test('the body as JSON or in requestBody; bad input is refused by name', async (t) => {
    const asJson = await v2(url, 'GET', '/payments', { body: { filter: { isTest: false } } });
    t.same(asJson.body.items.map((p: { id: string }) => p.id), ['ls_month']);
    t.match(await listPayments(url, { page: { number: 5999, size: 10 } }), { status: 200 }, '(5999 + 1) × 10 = 60000');
    t.match(await listPayments(url, { page: { number: 6000, size: 10 } }), { status: 400, body: { type: 'INVALID_REQUEST', message: /60000/ } });
    t.match(await listPayments(url, { page: { size: 0 } }), { status: 400, body: { message: /page\.size/ } });
    t.match(await listPayments(url, { filter: { methods: ['CARD'] } }), { status: 400, body: { message: /methods/ } }, 'a filter the simulator does not apply');
    t.match(await listPayments(url, { filter: { from: daysAgo(1), until: daysAgo(2) } }), { status: 400, body: { message: /from/ } });
    t.match(await listPayments(url, { filter: { from: 'yesterday' } }), { status: 400, body: { message: /filter\.from/ } });
    t.match(await v2(url, 'GET', '/payments?requestBody=%7Bnot-json'), { status: 400, body: { type: 'INVALID_REQUEST' } });
  });
});
