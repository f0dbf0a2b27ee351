import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { sandboxConfig, startService } from '../helpers/service.js';

const scrape = (url: string, forwardedFor?: string) => fetch(`${url}/metrics`, { headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} });

t.test('/metrics answers loopback and private ranges by default, and is a 404 to anyone else', async (t) => {
  const service = await startService(t);
  t.equal((await scrape(service.url)).status, 200, 'loopback');
  const behindProxy = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { TRUST_PROXY: '127.0.0.1' }));
  t.equal((await scrape(behindProxy.url, '192.168.7.20')).status, 200, 'a private address');
  t.equal((await scrape(behindProxy.url, '10.1.2.3')).status, 200);
  const outsider = await scrape(behindProxy.url, '203.0.113.9');
  t.equal(outsider.status, 404, 'paid-order and refund counts are nobody else\'s business');
  t.same(await outsider.json(), { error: 'not_found', message: 'no route for GET /metrics' }, 'the same answer as a path that does not exist');
  t.equal((await scrape(behindProxy.url, '::ffff:203.0.113.9')).status, 404);
});

t.test('METRICS_ALLOW replaces the default ranges', async (t) => {
  const service = await startService(t, { METRICS_ALLOW: '203.0.113.0/24' });
  t.equal((await scrape(service.url)).status, 404, 'loopback is no longer listed');
  const behindProxy = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { TRUST_PROXY: '127.0.0.1', METRICS_ALLOW: '203.0.113.0/24' }));
  t.equal((await scrape(behindProxy.url, '203.0.113.9')).status, 200);
});

t.test('/metrics is rate-limited like the public endpoints', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '2' });
  const statuses = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await scrape(service.url)).status);
  t.same(statuses, [200, 200, 429]);
});
