import { sql } from 'kysely';
import t from 'tap';
import { startService } from '../helpers/service.js';
import { createOrder, eventually, failingReceiver, paidTwice, refundNeedingOperator } from '../helpers/scenarios.js';

const today = () => new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);

t.test("the console's internal endpoints", async (t) => {
  const eventUrl = await failingReceiver(t);
  const service = await startService(t, { EVENT_WEBHOOK_URL: eventUrl, EVENT_WEBHOOK_SECRET: 'whsec_YS10ZXN0LXNpZ25pbmcta2V5LWZvci1tZXRyaWNzLTAxMjM=' });
  const shop = { ...service, control: service.sandbox.control };

  t.test('every one needs the API key', async (t) => {
    for (const path of ['/orders/search?q=x', '/orders/ord_x/timeline', '/webhook-receipts', '/attention', '/status']) {
      const response = await fetch(service.url + path);
      t.equal(response.status, 401, path);
      t.match(await response.json(), { message: /API key/ });
    }
  });

  t.test('search: merchant_uid, imp_uid, the start of a buyer name or email in any case; status filter', async (t) => {
    const kim = await createOrder(service, 3000, 'Socks', { name: '김민지', email: 'Minji.Kim@Example.com' });
    const lee = await createOrder(service, 4000, 'Hat', { name: 'Lee Jun', email: 'jun@example.org' });
    const { merchantUid, first } = await paidTwice(shop, 5000, 'Bag', { name: '김민수', email: 'minsu@example.com' });
    const search = async (q: string, extra = '') => {
      const res = await service.api('GET', `/orders/search?q=${encodeURIComponent(q)}${extra}`);
      t.equal(res.status, 200, q);
      return (res.body.items as Array<{ merchant_uid: string }>).map((o) => o.merchant_uid);
    };
    t.same(await search(kim.merchant_uid), [kim.merchant_uid]);
    t.same(await search(first), [merchantUid], 'an imp_uid finds its order');
    t.same(await search('minji.KIM@'), [kim.merchant_uid]);
    t.same(await search('김민'), [merchantUid, kim.merchant_uid], 'newest first');
    t.same(await search('김민', '&status=paid'), [merchantUid]);
    t.same(await search('lee j'), [lee.merchant_uid]);
    t.same(await search('%'), [], 'LIKE wildcards are plain characters');
    t.same(await search('_'), []);
    const nul = await service.api('GET', '/orders/search?q=a%00b');
    t.match(nul, { status: 400, body: { message: /querystring.q/ } });
    t.ok((await search('김민', `&from=${today()}&to=${today()}`)).length === 2, 'created today (KST)');
    t.same(await search('김민', '&to=2020-01-01'), [], 'nothing created before 2020');
    t.match(await service.api('GET', '/orders/search?from=2026-13-01'), { status: 400, body: { message: /querystring.from/ } });
  });

  t.test('search pages never skip an order, however many arrive between pages', async (t) => {
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) made.push((await createOrder(service, 1000 + i, `pager ${i}`, { name: `Pager ${i}` })).merchant_uid);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: Array<{ merchant_uid: string }>; next_cursor: string | null } } = await service.api('GET', `/orders/search?q=pager&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...res.body.items.map((o) => o.merchant_uid));
      cursor = res.body.next_cursor;
      await createOrder(service, 999, 'late', { name: 'Pager late' }); // arrives while the operator pages
    } while (cursor);
    t.same(seen, [...made].reverse(), 'each order once, newest first');
  });

  t.test("an order's timeline: every payment, i'mport's cancel, webhooks, the refund and events, oldest first", async (t) => {
    const { merchantUid, first, second } = await paidTwice(shop, 7000);
    await shop.control.sendWebhook(first);
    const timeline = await eventually(async () => {
      const res = await service.api('GET', `/orders/${merchantUid}/timeline`);
      const done = res.body.items.some((e: { kind: string; receipt?: { imp_uid: string; outcome: string } }) => e.receipt?.imp_uid === first && e.receipt.outcome !== 'received');
      return done && res.body;
    }, 10_000, "the webhook's receipt");
    t.match(timeline.order, { merchant_uid: merchantUid, status: 'paid', imp_uid: first });
    const kinds = timeline.items.map((e: { kind: string }) => e.kind);
    t.equal(kinds[0], 'created');
    const payments = timeline.items.filter((e: { kind: string }) => e.kind === 'payment');
    t.match(payments.map((e: any) => e.payment), [
      { imp_uid: first, role: 'accepted', status: 'paid', amount: 7000, pay_method: 'card', receipt_url: /^https:\/\// },
      { imp_uid: second, role: 'duplicate', status: 'cancelled', cancel_amount: 7000 },
    ]);
    t.match(timeline.items.find((e: any) => e.kind === 'psp_cancel'), { provider: 'iamport', source_id: second, amount: 7000, status: 'succeeded', reason: /^중복 결제 자동 취소 \(rf_/ });
    t.match(timeline.items.find((e: any) => e.kind === 'refund'), { refund: { imp_uid: second, reason: 'duplicate', state: 'done', amount: 7000, note: null } });
    const events = timeline.items.filter((e: any) => e.kind === 'event').map((e: any) => e.type);
    t.same(events, ['order.created', 'order.paid', 'payment.duplicate_cancelled']);
    t.match(timeline.items.find((e: any) => e.kind === 'webhook' && e.receipt.imp_uid === first), { receipt: { source_ip: '127.0.0.1', outcome: 'success', merchant_uid: merchantUid } });
    const times = timeline.items.map((e: { at: string }) => e.at);
    t.same(times, [...times].sort(), 'oldest first');
    t.equal(timeline.webhooks_omitted, 0);
    t.match(await service.api('GET', '/orders/ord_nope/timeline'), { status: 404, body: { message: /no order/ } });
  });

  t.test('a receipt link is shown only when it is http(s)', async (t) => {
    const { merchantUid, first } = await paidTwice(shop, 2000);
    await sql`UPDATE payments SET snapshot = snapshot || '{"receipt_url": "javascript:alert(1)"}' WHERE source_id = ${first}`.execute(service.database.db);
    const res = await service.api('GET', `/orders/${merchantUid}/timeline`);
    t.equal(res.body.items.find((e: any) => e.kind === 'payment' && e.payment.imp_uid === first).payment.receipt_url, null);
  });

  t.test('webhook receipts: newest first, by order, paged; a made-up cursor is a 400', async (t) => {
    const order = await createOrder(service, 1500);
    const payment = await shop.control.createPayment({ merchant_uid: order.merchant_uid, amount: 1500 });
    await shop.control.sendWebhook(payment.imp_uid, { times: 3 });
    const page = await eventually(async () => {
      const res = await service.api('GET', `/webhook-receipts?merchant_uid=${order.merchant_uid}&limit=2`);
      return res.body.next_cursor && res.body;
    }, 10_000, 'three receipts');
    t.equal(page.items.length, 2);
    t.ok(Number(page.items[0].id) > Number(page.items[1].id), 'newest first');
    const rest = await service.api('GET', `/webhook-receipts?merchant_uid=${order.merchant_uid}&limit=2&cursor=${page.next_cursor}`);
    t.equal(rest.body.items.length, 1);
    t.equal(rest.body.next_cursor, null);
    t.match(await service.api('GET', `/webhook-receipts?cursor=${Buffer.from('abc').toString('base64url')}`), { status: 400, body: { message: /cursor/ } });
  });

  t.test('attention: refunds to finish, money held, failing pushes by endpoint, webhooks answered 503; each with its total', async (t) => {
    const stuck = await refundNeedingOperator(shop, 6000);
    const order = await createOrder(service, 2500);
    const payment = await shop.control.createPayment({ merchant_uid: order.merchant_uid, amount: 2500 });
    await shop.control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
    await shop.control.sendWebhook(payment.imp_uid);
    const attention = await eventually(async () => {
      const res = await service.api('GET', '/attention');
      return res.body.webhooks.total && res.body.pushes.total && res.body;
    }, 15_000, 'a failed webhook and a failed push');
    t.match(attention.refunds, { total: 1, items: [{ merchant_uid: stuck.merchantUid, imp_uid: stuck.vbank, state: 'needs_operator', pay_method: 'vbank', pg_provider: 'html5_inicis' }] });
    t.match(attention.held.items.find((p: any) => p.imp_uid === stuck.vbank), { merchant_uid: stuck.merchantUid, order_status: 'paid', role: 'duplicate', amount: 6000, pay_method: 'vbank', refund_state: 'needs_operator' });
    t.match(attention.webhooks.items[0], { imp_uid: payment.imp_uid, outcome: 'unavailable', source_ip: '127.0.0.1' });
    t.match(attention.pushes, { total: 1, items: [{ endpoint: new URL(eventUrl).origin + new URL(eventUrl).pathname, last_status_code: 500 }] });
    t.equal(attention.pushes.events, attention.pushes.items[0].failing);
    t.equal(attention.waiting, 1 + attention.pushes.events + attention.webhooks.unresolved, 'the refund counted once, not again as held money');
    const refunds = await service.api('GET', '/refunds?state=needs_operator');
    t.match(refunds.body.items, [{ merchant_uid: stuck.merchantUid, imp_uid: stuck.vbank, state: 'needs_operator', reason: 'duplicate', actor: null }]);
  });

  t.test("status: i'mport as this instance last saw it, the sweeper, the outbox, orders needing an operator", async (t) => {
    const res = await service.api('GET', '/status');
    t.equal(res.status, 200);
    t.match(res.body, {
      iamport: { last_success_at: String, last_error_at: String, last_error: /payments\.get: HTTP 5\d\d/ },
      sweeper: { enabled: false, interval_ms: 0, last_pass: null },
      outbox: { push: true, backlog: Number, oldest_undelivered_at: String },
      orders_needing_operator: 1,
      waiting: Number,
    });
    t.ok(res.body.outbox.backlog > 0);
  });

  t.test('the page is served with a strict CSP; its files too; nothing else', async (t) => {
    for (const path of ['/console', '/console/app.js', '/console/console.css']) {
      const response = await fetch(service.url + path);
      t.equal(response.status, 200, path);
      const csp = response.headers.get('content-security-policy') ?? '';
      t.match(csp, /default-src 'none'/, path);
      t.match(csp, /script-src 'self'(;|$)/);
      t.notMatch(csp, /unsafe/);
    }
    t.match((await fetch(`${service.url}/console`)).headers.get('content-type'), /text\/html/);
    t.equal((await fetch(`${service.url}/console/nope.js`)).status, 404);
    t.equal((await fetch(`${service.url}/docs/`)).headers.get('content-security-policy'), null, 'the API docs keep theirs off');
  });
});
