import t from 'tap';
import { startService } from '../helpers/service.js';

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
