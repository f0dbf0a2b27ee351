import t from 'tap';
import { dropDatabase, freshDatabase } from '../helpers/database.js';
import { startTestApp } from '../helpers/app.js';

t.test('operations endpoints', async (t) => {
  const database = await freshDatabase(t);
  const { url } = await startTestApp(t, database);

  const health = await fetch(`${url}/healthz`);
  t.equal(health.status, 200);
  t.same(await health.json(), { ok: true });
  t.ok(health.headers.get('x-request-id'), 'every answer carries its request id');

  const ready = await fetch(`${url}/readyz`);
  t.equal(ready.status, 200);

  const metrics = await fetch(`${url}/metrics`);
  t.equal(metrics.status, 200);
  const text = await metrics.text();
  t.match(text, /^# TYPE payment_verifier_http_request_duration_seconds histogram/m);
  t.match(text, /^payment_verifier_process_cpu_user_seconds_total /m);
  const names = [...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]!);
  t.ok(names.length > 20);
  t.same(names.filter((name) => !name.startsWith('payment_verifier_')), [], 'every metric under one prefix, HTTP and Node included');
  t.match(text, /^payment_verifier_reconcile_interval_seconds 0$/m, 'the sweeper off on purpose says so, for SweeperStalled');

  const docs = await fetch(`${url}/docs/`);
  t.equal(docs.status, 200);
  t.match(await docs.text(), /swagger/i);

  const spec = await fetch(`${url}/openapi.json`);
  t.equal(spec.status, 200);
  t.equal(((await spec.json()) as { openapi: string }).openapi, '3.1.0');
});

t.test('unknown routes and bad JSON are JSON errors without internals', async (t) => {
  const database = await freshDatabase(t);
  const { url } = await startTestApp(t, database);

  const missing = await fetch(`${url}/no/such/route`);
  t.equal(missing.status, 404);
  t.match(await missing.json(), { message: /no route for GET \/no\/such\/route/ });
});

t.test('readyz says 503 when the database is gone', async (t) => {
  const database = await freshDatabase(t);
  const { url } = await startTestApp(t, database);
  await dropDatabase(database.name);
  const ready = await fetch(`${url}/readyz`);
  t.equal(ready.status, 503);
  t.same(await ready.json(), { ok: false, error: 'unavailable', message: 'database unreachable' });
});
