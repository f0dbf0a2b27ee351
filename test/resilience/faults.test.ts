import { sql } from 'kysely';
import t from 'tap';
import { eventsOf, startService } from '../helpers/service.js';

t.test("i'mport faults: 5xx bursts, hangs, malformed JSON and resets → quick 503, no change, then success", async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const order = await service.createOrder(2000);
  const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 2000 });
  const ids = { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid };

  await control.injectFault({ kind: '5xx', count: 2, endpoint: 'payments.get' });
  t.match(await service.post('/payments/complete', ids), { status: 200 }, 'a short 5xx burst is absorbed by the retries');
  t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid']);

  for (const kind of ['malformed', 'reset'] as const) {
    await control.injectFault({ kind, count: 3, endpoint: 'payments.get' });
    t.match(await service.post('/payments/complete', ids), { status: 503, body: { status: 'unavailable' } }, `${kind}: a clear 503`);
    t.match(await service.post('/payments/complete', ids), { status: 200 }, `${kind}: fine once i'mport recovers`);
  }

  await control.injectFault({ kind: 'hang', count: 3, ms: 11_000, endpoint: 'payments.get' });
  const started = Date.now();
  const hung = await service.post('/payments/complete', ids);
  t.match(hung, { status: 503, body: { status: 'unavailable' } }, 'a hung i\'mport becomes a 503');
  t.ok(Date.now() - started < 12_000, 'and never holds the request much longer than 10 s');
  t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid'], 'faults never changed the order');
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
