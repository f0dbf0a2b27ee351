import t, { type Test } from 'tap';
import { startTestApp, testConfig } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';
import { startService } from '../helpers/service.js';

async function page(t: Test, env: Record<string, string>) {
  const database = await freshDatabase(t);
  const { url } = await startTestApp(t, database, testConfig(env));
  const response = await fetch(`${url}/`);
  return { status: response.status, html: await response.text() };
}

t.test('the demo page pays through the sandbox in sandbox mode', async (t) => {
  const { status, html } = await page(t, {});
  t.equal(status, 200);
  t.match(html, '<script src="/sandbox/iamport/iamport.js">');
  t.match(html, 'data-imp-code="imp00000000" data-sandbox="true"');
  t.match(html, 'href="/docs"', 'the API docs stay linked');
  t.match(html, 'href="/console"', "and so is the operator's console");
});

t.test("DEMO_PAGE with the real i'mport loads i'mport's own script with the shop's merchant code", async (t) => {
  const real = { IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', DEMO_PAGE: 'true', IAMPORT_MERCHANT_CODE: 'imp12345678' };
  const { status, html } = await page(t, real);
  t.equal(status, 200);
  t.match(html, '<script src="https://cdn.iamport.kr/v1/iamport.js">');
  t.match(html, 'data-imp-code="imp12345678" data-sandbox="false"');
  t.notMatch(html, '{{', 'every placeholder is filled');
});

t.test('the demo routes show only what the page shows, and only of orders the page made', async (t) => {
  const service = await startService(t, { DEMO_PAGE: 'true' });
  const made = await service.post('/demo/orders', { quantity: 2, buyer: { name: '홍길동', tel: '010-1234-5678', email: 'buyer@example.com' } });
  t.equal(made.status, 201);
  const view = { merchant_uid: made.body.merchant_uid, name: '한정판 머그컵 x2', amount: 25800, status: 'pending', paid_amount: 0, cancelled_amount: 0 };
  t.same(made.body, view);
  const shown = await fetch(`${service.url}/demo/orders/${made.body.merchant_uid}`);
  t.equal(shown.status, 200);
  t.same(await shown.json(), view, 'no buyer, no metadata');

  const shopOrder = await service.api('POST', '/orders', { amount: 5000, name: 'T-shirt', buyer: { name: '김철수', tel: '010-9999-0000', addr: '서울시 어딘가 1' }, metadata: { note: 'vip' } });
  t.equal(shopOrder.status, 201);
  const probed = await fetch(`${service.url}/demo/orders/${shopOrder.body.merchant_uid}`);
  t.equal(probed.status, 404, 'an order the demo did not make is not there');
  const text = await probed.text();
  t.notMatch(text, '김철수');
  t.match(JSON.parse(text), { message: /no demo order/ });
});
