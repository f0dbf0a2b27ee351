import t from 'tap';
import { startService } from '../helpers/service.js';

t.test('demo orders are made under the demo\'s own identity and limit, never an internal caller\'s API key', async (t) => {
  const service = await startService(t, { DEMO_PAGE: 'true', INTERNAL_RATE_LIMIT: '2' });
  const demo = [];
  for (let i = 0; i < 3; i += 1) demo.push((await service.post('/demo/orders', { quantity: 1 })).status);
  t.same(demo, [201, 201, 201], 'the internal limit of API_KEYS[0] does not apply to visitors');
  t.equal((await service.api('GET', '/orders')).status, 200, "visitors spent none of the first API key's quota");
  t.equal((await service.api('GET', '/orders')).status, 200);
  t.equal((await service.api('GET', '/orders')).status, 429, 'the key is limited on its own calls only');
});

t.test('a visitor makes at most 10 demo orders a minute', async (t) => {
  const service = await startService(t, { DEMO_PAGE: 'true' });
  const statuses = [];
  for (let i = 0; i < 11; i += 1) statuses.push((await service.post('/demo/orders', { quantity: 1 })).status);
  t.same(statuses, [...Array(10).fill(201), 429]);
  t.equal((await service.api('GET', '/orders')).status, 200);
});
