import { sql } from 'kysely';
import pg from 'pg';
import t from 'tap';
import { startTestApp, TEST_API_KEY } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { eventsOf, sandboxConfig, startService } from '../helpers/service.js';

t.test("i'mport faults: 5xx bursts, hangs, malformed JSON and resets → quick 503, no change, then success", async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  /** a payment the service has not seen yet, so that its verification must reach i'mport */
  const freshPayment = async () => {
    const order = await service.createOrder(2000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 2000 });
    return { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid };
  };

  const burst = await freshPayment();
  await control.injectFault({ kind: '5xx', count: 2, endpoint: 'payments.get' });
  t.match(await service.post('/payments/complete', burst), { status: 200 }, 'a short 5xx burst is absorbed by the retries');
  t.same(await eventsOf(service, burst.merchant_uid), ['order.created', 'order.paid']);

  for (const kind of ['malformed', 'reset'] as const) {
    const ids = await freshPayment();
    await control.injectFault({ kind, count: 3, endpoint: 'payments.get' });
    t.match(await service.post('/payments/complete', ids), { status: 503, body: { status: 'unavailable' } }, `${kind}: a clear 503`);
    t.same(await eventsOf(service, ids.merchant_uid), ['order.created'], `${kind}: no change`);
    t.match(await service.post('/payments/complete', ids), { status: 200 }, `${kind}: fine once i'mport recovers`);
  }

  const hung = await freshPayment();
  await control.injectFault({ kind: 'hang', count: 3, ms: 11_000, endpoint: 'payments.get' });
  const started = Date.now();
  t.match(await service.post('/payments/complete', hung), { status: 503, body: { status: 'unavailable' } }, 'a hung i\'mport becomes a 503');
  t.ok(Date.now() - started < 12_000, 'and never holds the request much longer than 10 s');
  t.same(await eventsOf(service, hung.merchant_uid), ['order.created'], 'faults never changed the order');
});

t.test('the database drops every connection mid-traffic: clean 503s, then recovery without a restart', async (t) => {
  const service = await startService(t);
  const orders = await Promise.all(Array.from({ length: 5 }, () => service.createOrder(1000)));
  const traffic = Array.from({ length: 200 }, (_, i) => i);
  let killed = false;
  const statuses = await Promise.all(
    traffic.map(async (i) => {
      if (i === 60 && !killed) {
        killed = true;
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`.execute(service.database.db);
      }
      return (await service.api('GET', `/orders/${orders[i % 5]!.merchant_uid}`)).status;
    }),
  );
  t.ok(statuses.every((s) => s === 200 || s === 503), `only 200 or 503: ${[...new Set(statuses)].join(',')}`);
  const after = await service.api('GET', `/orders/${orders[0]!.merchant_uid}`);
  t.equal(after.status, 200, 'the pool reconnects by itself');
  t.equal((await fetch(`${service.url}/readyz`)).status, 200);
});

t.test('an order row locked past the statement timeout: a 503 to retry (i\'mport redelivers the webhook), never a 500', async (t) => {
  const database = await freshDatabase(t, { statementTimeoutMs: 300 });
  const sandbox = await startSandbox(t, database);
  const { url } = await startTestApp(t, database, sandboxConfig(sandbox));
  const created = await fetch(`${url}/orders`, { method: 'POST', headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ amount: 900, name: 'mug' }) });
  const order = (await created.json()) as { merchant_uid: string };
  const payment = await sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 900 });
  const locker = new pg.Client({ connectionString: database.url });
  await locker.connect();
  t.teardown(() => locker.end());
  await locker.query('BEGIN');
  await locker.query('SELECT 1 FROM orders WHERE merchant_uid = $1 FOR UPDATE', [order.merchant_uid]);
  const post = (path: string) =>
    fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid }) });
  const callback = await post('/payments/complete');
  t.equal(callback.status, 503);
  t.match(await callback.json(), { status: 'unavailable', message: /retry later/ });
  t.equal((await post('/webhooks/iamport')).status, 503);
  await locker.query('ROLLBACK');
  t.equal((await post('/payments/complete')).status, 200, 'the retry succeeds once the lock is gone');
});

