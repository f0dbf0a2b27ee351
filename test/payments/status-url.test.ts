import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { sandboxConfig, startService } from '../helpers/service.js';

/** status_url points at PUBLIC_BASE_URL; the tests call the same path on the instance under test. */
const statusPath = (statusUrl: string) => new URL(statusUrl).pathname;

async function getStatus(base: string, statusUrl: string, query = '') {
  const response = await fetch(`${base}${statusPath(statusUrl)}${query}`);
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

t.test('status_url: on POST /orders, public, signed, the buyer\'s view of the order', async (t) => {
  const service = await startService(t, { PUBLIC_BASE_URL: 'https://pay.example.com' });
  const created = await service.api('POST', '/orders', { amount: 12900, name: 'Mug', buyer: { name: '홍길동', tel: '010-1234-5678' }, metadata: { cart: 'c1' } });
  t.equal(created.status, 201);
  t.match(created.body.status_url, /^https:\/\/pay\.example\.com\/payments\/status\/ord[A-Za-z0-9]+\.[\w-]{22}$/, 'absolute, from PUBLIC_BASE_URL');
  const read = await getStatus(service.url, created.body.status_url);
  t.equal(read.status, 200);
  t.equal(read.headers.get('cache-control'), 'no-store');
  t.same(Object.keys(read.body).sort(), ['amount', 'cancelled_amount', 'outcome', 'paid_amount', 'status', 'updated_at', 'vbank', 'version']);
  t.match(read.body, { status: 'pending', amount: 12900, paid_amount: 0, cancelled_amount: 0, vbank: null, outcome: 'not_paid' });
  t.notMatch(JSON.stringify(read.body), /홍길동|010-1234|c1/, 'nothing of the buyer or metadata');

  t.test('editing the URL gives 404', async (t) => {
    const other = await service.createOrder(5000);
    const path = statusPath(created.body.status_url);
    const [ownUid, signature] = path.split('/').at(-1)!.split('.');
    const otherUid = statusPath(other.status_url).split('/').at(-1)!.split('.')[0];
    const edits = [
      `/payments/status/${otherUid}.${signature}`,
      `/payments/status/${ownUid}.${signature!.slice(0, -1)}${signature!.endsWith('A') ? 'B' : 'A'}`,
      `/payments/status/${ownUid}`,
      `/payments/status/${ownUid}.`,
      '/payments/status/__proto__.x',
    ];
    for (const edited of edits) {
      const response = await fetch(service.url + edited);
      t.equal(response.status, 404, edited);
      t.match(await response.json(), { status: 'notFound', message: /not valid/ });
    }
    const landed = await fetch(`${service.url}/payments/complete?merchant_uid=${ownUid}`, { redirect: 'manual' });
    const resultRef = new URL(landed.headers.get('location')!, service.url).searchParams.get('ref')!;
    t.equal((await fetch(`${service.url}/payments/status/${resultRef}`)).status, 404, "a result page's reference is not a status token");
  });

  t.test('wait and version are validated', async (t) => {
    for (const query of ['?wait=26', '?wait=-1', '?wait=x', '?version=-1']) {
      const read = await getStatus(service.url, created.body.status_url, query);
      t.equal(read.status, 400, query);
      t.match(read.body.message, /wait|version/);
    }
  });
});

t.test('every answer of POST /payments/complete about an order the service holds carries status_url', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const complete = (imp_uid: string, merchant_uid: string) => service.post('/payments/complete', { imp_uid, merchant_uid });
  const cases: Array<[string, (uid: string) => Promise<string>, number, string]> = [
    ['paid', async (uid) => (await control.createPayment({ merchant_uid: uid, amount: 7000 })).imp_uid, 200, 'success'],
    ['account issued', async (uid) => (await control.createPayment({ merchant_uid: uid, amount: 7000, status: 'ready', pay_method: 'vbank' })).imp_uid, 200, 'vbankIssued'],
    ['declined', async (uid) => (await control.createPayment({ merchant_uid: uid, amount: 7000, status: 'failed' })).imp_uid, 400, 'failed'],
    ['forgery', async (uid) => (await control.createPayment({ merchant_uid: uid, amount: 100 })).imp_uid, 400, 'forgery'],
    ["unknown to i'mport", async () => 'imp_000000000000', 404, 'notFound'],
  ];
  for (const [name, pay, http, word] of cases) {
    const order = await service.createOrder(7000);
    const answer = await complete(await pay(order.merchant_uid), order.merchant_uid);
    t.match(answer, { status: http, body: { status: word, status_url: order.status_url } }, name);
  }

  const paid = await service.createOrder(7000);
  await complete((await control.createPayment({ merchant_uid: paid.merchant_uid, amount: 7000 })).imp_uid, paid.merchant_uid);
  const second = await control.createPayment({ merchant_uid: paid.merchant_uid, amount: 7000 });
  t.match(await complete(second.imp_uid, paid.merchant_uid), { status: 409, body: { status: 'duplicate', status_url: paid.status_url } }, 'duplicate');

  const down = await service.createOrder(7000);
  const unverified = await control.createPayment({ merchant_uid: down.merchant_uid, amount: 7000 });
  await control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
  t.match(await complete(unverified.imp_uid, down.merchant_uid), { status: 503, body: { status: 'unavailable', status_url: down.status_url } }, "i'mport down: the page can watch the order");

  const unknown = await complete('imp_000000000000', 'ord_nobody');
  t.match(unknown, { status: 404, body: { status: 'notFound' } });
  t.notOk('status_url' in unknown.body, 'no status URL for an order that does not exist');
});

t.test("outcome: what the buyer is told, from the order and its payments", async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const outcomeAfter = async (act: (uid: string) => Promise<unknown>) => {
    const order = await service.createOrder(9000);
    await act(order.merchant_uid);
    return (await getStatus(service.url, order.status_url)).body;
  };
  const land = (uid: string, payment: { imp_uid: string }) => service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: uid });
  t.match(await outcomeAfter(async () => undefined), { outcome: 'not_paid', status: 'pending' });
  t.match(await outcomeAfter(async (uid) => land(uid, await control.createPayment({ merchant_uid: uid, amount: 9000 }))), { outcome: 'paid', paid_amount: 9000 });
  const account = await outcomeAfter(async (uid) => land(uid, await control.createPayment({ merchant_uid: uid, amount: 9000, status: 'ready', pay_method: 'vbank' })));
  t.match(account, { outcome: 'awaiting_deposit', vbank: { bank_name: 'KB국민은행', holder: '（주）샌드박스상점', due_at: /Z$/ } });
  t.match(await outcomeAfter(async (uid) => land(uid, await control.createPayment({ merchant_uid: uid, amount: 9000, status: 'failed' }))), { outcome: 'failed' });
  t.match(await outcomeAfter(async (uid) => land(uid, await control.createPayment({ merchant_uid: uid, amount: 100 }))), { outcome: 'refunded_forgery', status: 'pending' });
  const refunded = async (amount?: number) =>
    outcomeAfter(async (uid) => {
      await land(uid, await control.createPayment({ merchant_uid: uid, amount: 9000 }));
      await service.api('POST', `/orders/${uid}/cancel`, { reason: 'returned', ...(amount ? { amount } : {}) });
    });
  t.match(await refunded(), { outcome: 'cancelled', cancelled_amount: 9000 });
  t.match(await refunded(4000), { outcome: 'paid', status: 'partially_cancelled', cancelled_amount: 4000 }, 'a partial refund leaves it paid');
});

t.test('?wait long-polls until the order changes, on whichever instance it changes', async (t) => {
  // both instances share one pool of 20 connections: 40 waits holding one each would leave none to apply the payment
  const service = await startService(t);
  const other = await startTestApp(t, service.database, sandboxConfig(service.sandbox));
  const order = await service.createOrder(15000);
  const before = (await getStatus(service.url, order.status_url)).body;

  t.test('a version already left is answered at once: a change between two polls is not missed', async (t) => {
    const started = Date.now();
    const read = await getStatus(service.url, order.status_url, `?wait=25&version=${before.version - 1}`);
    t.equal(read.body.version, before.version);
    t.ok(Date.now() - started < 10_000, 'not held for the wait');
  });

  t.test('nothing changes: the answer comes after wait seconds, unchanged', async (t) => {
    const started = Date.now();
    const read = await getStatus(service.url, order.status_url, `?wait=1&version=${before.version}`);
    t.ok(Date.now() - started >= 900, 'held for the wait');
    t.same(read.body, before);
  });

  t.test('many waits on one instance, the payment applied on another: every wait wakes with it', async (t) => {
    const waits = Array.from({ length: 40 }, () => getStatus(service.url, order.status_url, `?wait=25&version=${before.version}`));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 15000 });
    const started = Date.now();
    const applied = await fetch(`${other.url}/payments/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid }),
    });
    t.equal(applied.status, 200, 'applied while 40 requests wait (they hold no database connection)');
    const woke = await Promise.all(waits);
    t.ok(Date.now() - started < 15_000, 'woken by the change, not by the 25 s wait');
    t.ok(woke.every((read) => read.status === 200 && read.body.outcome === 'paid' && read.body.version > before.version), 'each sees the payment');
  });
});

t.test('closing an instance answers its held waits at once', async (t) => {
  const service = await startService(t);
  const order = await service.createOrder(3000);
  const { version } = (await getStatus(service.url, order.status_url)).body;
  const waiting = getStatus(service.url, order.status_url, `?wait=25&version=${version}`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = Date.now();
  await service.app.close();
  t.match((await waiting).body, { version, outcome: 'not_paid' });
  t.ok(Date.now() - started < 10_000, 'not held until the wait ends');
});

t.test("a shop page on another origin (CORS_ORIGINS) may read the status URL; other origins may not", async (t) => {
  const service = await startService(t, { CORS_ORIGINS: 'https://shop.example' });
  const order = await service.createOrder(3000);
  const read = (origin: string) => fetch(`${service.url}${statusPath(order.status_url)}?wait=1`, { headers: { origin } });
  t.equal((await read('https://shop.example')).headers.get('access-control-allow-origin'), 'https://shop.example');
  t.equal((await read('https://evil.example')).headers.get('access-control-allow-origin'), null);
});
