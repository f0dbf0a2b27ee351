import { sql } from 'kysely';
import t from 'tap';
import { TEST_ACTOR, TEST_API_KEY } from '../helpers/app.js';
import { createOrder, eventually, failingReceiver, payByCard, refundNeedingOperator } from '../helpers/scenarios.js';
import { startService } from '../helpers/service.js';

const OLD_ENDPOINT = 'https://old-receiver.example.com/events';

t.test("the operator's inbox, what operators did, and the exports", async (t) => {
  const receiver = await failingReceiver(t);
  const service = await startService(t, { EVENT_WEBHOOK_URL: receiver, EVENT_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
  const shop = { ...service, control: service.sandbox.control };
  const endpoint = receiver; // no credentials or query to strip
  const db = service.database.db;

  const stuck = await Promise.all([refundNeedingOperator(shop, 4000, 'Mug'), refundNeedingOperator(shop, 5000, 'Cup'), refundNeedingOperator(shop, 6000, 'Bowl')]);
  // pushes that failed against an earlier EVENT_WEBHOOK_URL: another group
  await sql`UPDATE event_deliveries SET endpoint = ${OLD_ENDPOINT}, attempts = 36, gave_up_at = now(), next_attempt_at = now()
    WHERE event_id IN (SELECT id FROM order_events WHERE merchant_uid = ${stuck[0].merchantUid} AND type = 'order.created')`.execute(db);

  const failingNow = async () => (await service.api('GET', '/attention')).body;
  const events = Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM order_events`.execute(db)).rows[0]!.n);
  const inbox = await eventually(async () => {
    const body = await failingNow();
    return body.pushes.events === events && body;
  }, 15_000, 'every event failing to push');

  t.test('the count is everything waiting for a person: refunds to finish, failing pushes, unresolved webhooks', async (t) => {
    t.equal(inbox.refunds.total, 3);
    t.equal(inbox.held.total, 3, 'the three deposits are held money');
    t.equal(inbox.waiting, 3 + events + inbox.webhooks.unresolved, 'held money a refund waits on is counted once, as the refund');
    t.equal((await service.api('GET', '/status')).body.waiting, inbox.waiting, 'the status strip counts the same');
  });

  t.test('failing pushes grouped by endpoint, each with its count and its last answer', async (t) => {
    t.equal(inbox.pushes.total, 2);
    const current = inbox.pushes.items.find((g: { endpoint: string }) => g.endpoint === endpoint);
    const old = inbox.pushes.items.find((g: { endpoint: string }) => g.endpoint === OLD_ENDPOINT);
    t.match(current, { failing: events - 1, given_up: 0, last_status_code: 500 });
    t.match(old, { failing: 1, given_up: 1 });
  });

  t.test('every list pages with its total: each item once, the total the same on every page', async (t) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { total: number; items: Array<{ id: string }>; next_cursor: string | null } } = await service.api('GET', `/attention/refunds?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      t.equal(res.body.total, 3);
      seen.push(...res.body.items.map((r) => r.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    t.equal(new Set(seen).size, 3);
    const pushes = await service.api('GET', '/attention/pushes?limit=1');
    const rest = await service.api('GET', `/attention/pushes?limit=1&cursor=${pushes.body.next_cursor}`);
    t.same([pushes.body.items[0].endpoint, rest.body.items[0].endpoint].sort(), [endpoint, OLD_ENDPOINT].sort());
    t.match(rest.body, { total: 2, events, next_cursor: null });
    t.match(await service.api('GET', '/attention/refunds?cursor=%25%25'), { status: 400, body: { message: /cursor/ } });
    t.match(await service.api('GET', '/attention/nope'), { status: 400 });
  });

  t.test('a resend pushes the group again now, records who, and shows in each order\'s timeline', async (t) => {
    const resent = await service.api('POST', '/event-deliveries/resend', { endpoint: OLD_ENDPOINT });
    t.match(resent, { status: 200, body: { resent: 1 } });
    const after = await failingNow();
    t.notOk(after.pushes.items.some((g: { endpoint: string; given_up: number }) => g.endpoint === OLD_ENDPOINT && g.given_up > 0), 'no longer given up');
    const timeline = (await service.api('GET', `/orders/${stuck[0].merchantUid}/timeline`)).body;
    t.match(timeline.items.find((e: { kind: string }) => e.kind === 'operator'), { action: 'resend', actor: TEST_ACTOR, subject: /^\d+$/, detail: { endpoint: OLD_ENDPOINT } });
    const one = timeline.items.find((e: { kind: string; type?: string }) => e.kind === 'event' && e.type === 'order.paid');
    t.match(await service.api('POST', `/events/${one.id}/resend`), { status: 200, body: { resent: 1 } });
    t.match(await service.api('POST', '/events/999999999/resend'), { status: 404 });
  });

  t.test("the timeline: each event's payload, a sync with who did it, the webhook body on request", async (t) => {
    const order = await createOrder(service, 3300, 'Plate');
    const impUid = await payByCard(shop, order.merchant_uid, 3300);
    await shop.control.sendWebhook(impUid);
    t.match(await service.api('POST', `/orders/${order.merchant_uid}/sync`), { status: 200 });
    const timeline = await eventually(async () => {
      const body = (await service.api('GET', `/orders/${order.merchant_uid}/timeline`)).body;
      return body.items.some((e: { kind: string; receipt?: { outcome: string } }) => e.kind === 'webhook' && e.receipt!.outcome !== 'received') && body;
    }, 10_000, "the webhook's receipt");
    t.match(timeline.items.find((e: { kind: string; type?: string }) => e.type === 'order.paid'), { data: { merchant_uid: order.merchant_uid, status: 'paid', paid_amount: 3300 } });
    t.match(timeline.items.find((e: { kind: string }) => e.kind === 'operator'), { action: 'sync', actor: TEST_ACTOR, detail: { status: 'paid' } });
    t.equal(timeline.money_held, 0);
    const webhook = timeline.items.find((e: { kind: string }) => e.kind === 'webhook');
    t.match(await service.api('GET', `/webhook-receipts/${webhook.receipt.id}`), { status: 200, body: { id: webhook.receipt.id, body: { imp_uid: impUid, merchant_uid: order.merchant_uid } } });
    t.match(await service.api('GET', '/webhook-receipts/999999999'), { status: 404 });
    t.equal((await service.api('GET', `/orders/${stuck[1].merchantUid}/timeline`)).body.money_held, 5000, 'a refused refund is money held');
  });

  t.test('a webhook answered 503 is resolved once its order settled afterwards', async (t) => {
    const order = await createOrder(service, 2200, 'Spoon');
    const payment = await shop.control.createPayment({ merchant_uid: order.merchant_uid, amount: 2200 });
    await shop.control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
    // delivered once (i'mport would deliver it again; here nobody does), answered 503
    t.match(await service.post('/webhooks/iamport', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, status: 'paid' }), { status: 503 });
    const failed = await eventually(async () => {
      const body = await failingNow();
      return body.webhooks.items.find((w: { imp_uid: string; outcome: string }) => w.imp_uid === payment.imp_uid && w.outcome === 'unavailable') && body;
    }, 10_000, 'the failed webhook');
    t.notOk(failed.webhooks.items.find((w: { imp_uid: string }) => w.imp_uid === payment.imp_uid).resolved);
    await service.api('POST', `/orders/${order.merchant_uid}/sync`);
    const after = await failingNow();
    t.ok(after.webhooks.items.find((w: { imp_uid: string }) => w.imp_uid === payment.imp_uid).resolved, 'shown as resolved');
    t.equal(after.webhooks.unresolved, failed.webhooks.unresolved - 1, 'and no longer counted');
  });

  t.test('CSV exports: what the filter shows, the columns an accountant needs, times in KST, no formula from a name', async (t) => {
    const csv = async (path: string) => {
      const response = await fetch(service.url + path, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
      t.equal(response.status, 200, path);
      t.match(response.headers.get('content-type'), /^text\/csv/);
      t.match(response.headers.get('content-disposition'), /attachment; filename="\w+-\d{4}-\d\d-\d\d\.csv"/);
      const bytes = Buffer.from(await response.arrayBuffer());
      t.same([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'a byte-order mark, for Excel');
      return bytes.subarray(3).toString('utf8').split('\r\n');
    };
    await createOrder(service, 1234, '=HYPERLINK("http://evil")', { name: '+김, "지수"' });
    const [header, row, end] = await csv(`/exports/orders.csv?q=${encodeURIComponent('+김')}`);
    t.equal(header, 'merchant_uid,created_at,name,status,currency,amount,paid_amount,refunded_amount,net_amount,pay_method,pg_provider,imp_uid,paid_at,cancelled_at,buyer_name,buyer_email,provider,transaction_id');
    t.match(row, /^ord\w+,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+09:00,"'=HYPERLINK\(""http:\/\/evil""\)",pending,KRW,1234,0,0,0,,,,,,"'\+김, ""지수""",,iamport,$/);
    t.equal(end, '', 'one order');

    const refunds = await csv('/exports/refunds.csv?state=needs_operator');
    t.equal(refunds[0], 'refund_id,created_at,completed_at,merchant_uid,order_name,imp_uid,pay_method,kind,reason,state,amount,actor,note,refund_bank,refund_account_last4,last_error,provider,transaction_id');
    t.equal(refunds.length, 3 + 2, 'the three refunds to finish');
    const bowl = refunds.find((line) => line.includes(stuck[2].vbank))!;
    t.match(bowl, new RegExp(`^rf_[\\w-]+,[^,]+ \\+09:00,,${stuck[2].merchantUid},Bowl,${stuck[2].vbank},vbank,cancel,duplicate,needs_operator,6000,,,,,`));
    t.equal((await csv('/exports/refunds.csv?to=2020-01-01')).length, 2, 'a period with none: the header alone');
  });
});
