import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { sandboxConfig, startService } from '../helpers/service.js';

t.test('public rate limit per IP: 429 with Retry-After and a JSON message', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '3', INTERNAL_RATE_LIMIT: '1000' });
  const statuses = [];
  for (let i = 0; i < 5; i += 1) statuses.push(await fetch(`${service.url}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
  t.same(statuses.map((r) => r.status), [400, 400, 400, 429, 429]);
  const limited = statuses[4]!;
  t.ok(Number(limited.headers.get('retry-after')) > 0);
  t.match(await limited.json(), { status: 'rateLimited', message: /rate limit/ });
  t.equal((await service.api('GET', '/orders')).status, 200, 'internal calls count per API key, not per IP');
  t.equal((await fetch(`${service.url}/healthz`)).status, 200, 'operations endpoints are not limited');
});

t.test("i'mport's allow-listed addresses are never rate-limited on the webhook; browsers from them still are", async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '2', IAMPORT_WEBHOOK_IPS: '127.0.0.1' });
  const webhooks = [];
  for (let i = 0; i < 4; i += 1) webhooks.push((await service.post('/webhooks/iamport', { imp_uid: `imp_${i}`, merchant_uid: 'ord_1' })).status);
  t.same(webhooks, [200, 200, 200, 200]);
  const callbacks = [];
  for (let i = 0; i < 3; i += 1) callbacks.push((await service.post('/payments/complete', {})).status);
  t.same(callbacks, [400, 400, 429]);
});

t.test("PortOne V2's webhook has a bucket of its own at INTERNAL_RATE_LIMIT: its signature, not its address, keeps others out", async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '2', INTERNAL_RATE_LIMIT: '4' });
  const unsigned = JSON.stringify({ type: 'Transaction.Paid', data: { paymentId: 'ord0unsigned01' } });
  const deliveries = [];
  for (let i = 0; i < 5; i += 1) {
    deliveries.push((await fetch(`${service.url}/webhooks/portone`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: unsigned })).status);
  }
  t.same(deliveries, [401, 401, 401, 401, 429]);
  t.equal((await service.post('/payments/complete', {})).status, 400, "the webhook's deliveries spent none of the public budget");
});

t.test('guessed API keys are throttled: a failed authentication counts against the per-IP public limit', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '3', INTERNAL_RATE_LIMIT: '1000' });
  const guesses = [];
  for (let i = 0; i < 5; i += 1) guesses.push((await service.api('GET', '/orders', undefined, { authorization: `Bearer guess-${i}` })).status);
  t.same(guesses, [401, 401, 401, 429, 429]);
  t.equal((await service.post('/payments/complete', {})).status, 429, 'the same per-IP budget as the public endpoints');
  t.equal((await fetch(`${service.url}/orders`)).status, 429, 'no key at all counts the same way');
  t.equal((await service.api('GET', '/orders')).status, 200, 'a valid key is counted per key, not per IP');
});

t.test('rate limits are counted in memory by default: no database write per request', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '100' });
  for (let i = 0; i < 3; i += 1) await service.post('/payments/complete', {});
  await service.api('GET', '/orders');
  const rows = await service.database.db.selectFrom('rate_limits').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
  t.equal(Number(rows.count), 0);
});

t.test('RATE_LIMIT_STORE=postgres shares one count across instances; memory counts per instance', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '2', RATE_LIMIT_STORE: 'postgres' });
  const other = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { PUBLIC_RATE_LIMIT: '2', RATE_LIMIT_STORE: 'postgres' }));
  const complete = (base: string) => fetch(`${base}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  t.same([(await complete(service.url)).status, (await complete(other.url)).status, (await complete(service.url)).status], [400, 400, 429]);

  const memoryA = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { PUBLIC_RATE_LIMIT: '2' }));
  const memoryB = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { PUBLIC_RATE_LIMIT: '2' }));
  const statuses = [];
  for (const base of [memoryA.url, memoryA.url, memoryB.url, memoryB.url, memoryA.url]) statuses.push((await complete(base)).status);
  t.same(statuses, [400, 400, 400, 400, 429], 'with N instances the effective limit is up to N times PUBLIC_RATE_LIMIT');
});

t.test('TRUST_PROXY: X-Forwarded-For is believed only from the listed proxies or the given number of hops', async (t) => {
  const service = await startService(t);
  const webhook = async (env: Record<string, string>, forwardedFor: string) => {
    const app = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { IAMPORT_WEBHOOK_IPS: '52.78.100.19', ...env }));
    const body = JSON.stringify({ imp_uid: 'imp_proxy', merchant_uid: 'ord_proxy' });
    const response = await fetch(`${app.url}/webhooks/iamport`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body });
    return response.status;
  };
  t.equal(await webhook({}, '52.78.100.19'), 403, 'unset: the socket is the client');
  t.equal(await webhook({ TRUST_PROXY: '10.0.0.1' }, '52.78.100.19'), 403, 'a client that is not a listed proxy cannot choose its IP');
  t.equal(await webhook({ TRUST_PROXY: '127.0.0.0/8' }, '52.78.100.19'), 200, 'a listed proxy is believed');
  t.equal(await webhook({ TRUST_PROXY: '1' }, '52.78.100.19, 203.0.113.7'), 403, 'one hop: only the address our proxy added counts');
  t.equal(await webhook({ TRUST_PROXY: '1' }, '203.0.113.7, 52.78.100.19'), 200);

  const limited = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { TRUST_PROXY: '10.0.0.1', PUBLIC_RATE_LIMIT: '2' }));
  const spoofed = [];
  for (let i = 0; i < 3; i += 1) {
    const headers = { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` };
    spoofed.push((await fetch(`${limited.url}/payments/complete`, { method: 'POST', headers, body: '{}' })).status);
  }
  t.same(spoofed, [400, 400, 429], 'a made-up X-Forwarded-For does not escape the rate limit');
});

t.test('internal rate limit per API key', async (t) => {
  const service = await startService(t, { INTERNAL_RATE_LIMIT: '2' });
  const statuses = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await service.api('GET', '/orders')).status);
  t.same(statuses, [200, 200, 429]);
});

t.test('CORS only for configured origins, only on the public payment endpoints', async (t) => {
  const service = await startService(t, { CORS_ORIGINS: 'https://shop.example' });
  const preflight = (path: string, origin: string) =>
    fetch(service.url + path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
  t.equal((await preflight('/payments/complete', 'https://shop.example')).headers.get('access-control-allow-origin'), 'https://shop.example');
  t.equal((await preflight('/payments/complete', 'https://evil.example')).headers.get('access-control-allow-origin'), null);
  t.equal((await preflight('/orders', 'https://shop.example')).headers.get('access-control-allow-origin'), null);
});

t.test('IAMPORT_WEBHOOK_IPS allow-list, security headers, body size limit', async (t) => {
  const service = await startService(t, { IAMPORT_WEBHOOK_IPS: '52.78.100.19' });
  const res = await service.post('/webhooks/iamport', { imp_uid: 'imp_1', merchant_uid: 'ord_1', status: 'paid' });
  t.match(res, { status: 403, body: { message: /127\.0\.0\.1/ } });
  const health = await fetch(`${service.url}/healthz`);
  t.equal(health.headers.get('x-content-type-options'), 'nosniff');
  const huge = await fetch(`${service.url}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_uid: 'x'.repeat(200_000), merchant_uid: 'y' }) });
  t.equal(huge.status, 413);
  t.match(await huge.json(), { message: /too large/i });
});
