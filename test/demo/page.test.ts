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
  t.match(html, 'data-providers="iamport,portone"', 'both simulators, i\'mport (the default) first');
  t.match(html, 'data-portone-sdk="/sandbox/portone/browser-sdk.js" data-portone-store-id="store-00000000-0000-4000-8000-000000000000"');
  t.match(html, 'data-portone-channel-key="channel-key-00000000-0000-4000-8000-00000000001e"', "V2's LIVE sandbox channel");
});

t.test('DEMO_PAGE with the real PortOne V2 only: PortOne\'s own SDK with the shop\'s store and channel, and no i\'mport', async (t) => {
  const real = {
    PORTONE_API_SECRET: 'secret',
    PORTONE_WEBHOOK_SECRET: 'whsec_cGF5bWVudC12ZXJpZmllciBwb3J0b25lIHNhbmRib3ggc2VjcmV0',
    PORTONE_STORE_ID: 'store-4f5c0000-0000-4000-8000-000000000001',
    PORTONE_CHANNEL_KEY: 'channel-key-9a2b0000-0000-4000-8000-000000000002',
    DEMO_PAGE: 'true',
  };
  const { status, html } = await page(t, real);
  t.equal(status, 200);
  t.match(html, 'data-providers="portone"');
  t.match(html, 'data-portone-sdk="https://cdn.portone.io/v2/browser-sdk.js" data-portone-store-id="store-4f5c0000-0000-4000-8000-000000000001"');
  t.match(html, 'data-portone-channel-key="channel-key-9a2b0000-0000-4000-8000-000000000002"');
  t.notMatch(html, '{{', 'every placeholder is filled');
  const { html: noChannel } = await page(t, { ...real, PORTONE_CHANNEL_KEY: '' });
  t.match(noChannel, 'data-providers=""', 'V2 without the channel its checkout needs is not offered');
});

t.test("DEMO_PAGE with the real i'mport loads i'mport's own script with the shop's merchant code", async (t) => {
  const real = { IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', DEMO_PAGE: 'true', IAMPORT_MERCHANT_CODE: 'imp12345678' };
  const { status, html } = await page(t, real);
  t.equal(status, 200);
  t.match(html, '<script src="https://cdn.iamport.kr/v1/iamport.js">');
  t.match(html, 'data-imp-code="imp12345678" data-sandbox="false"');
  t.notMatch(html, '{{', 'every placeholder is filled');
});

t.test('the demo route gives the page only what it needs: no buyer, no metadata, and the status URL the kit watches', async (t) => {
  const service = await startService(t, { DEMO_PAGE: 'true' });
  const made = await service.post('/demo/orders', { quantity: 2, buyer: { name: '홍길동', tel: '010-1234-5678', email: 'buyer@example.com' } });
  t.equal(made.status, 201);
  const { status_url: statusUrl, ...view } = made.body;
  t.same(view, { merchant_uid: made.body.merchant_uid, name: '한정판 머그컵 x2', amount: 25800, currency: 'KRW', provider: 'iamport', status: 'pending', paid_amount: 0, cancelled_amount: 0 });
  const v2 = await service.post('/demo/orders', { quantity: 1, provider: 'portone' });
  t.match(v2.body, { provider: 'portone', amount: 12900, currency: 'KRW' }, 'a V2 order: its merchant_uid is its paymentId');
  const status = await fetch(new URL(new URL(statusUrl).pathname, service.url));
  t.equal(status.status, 200);
  const text = await status.text();
  t.match(JSON.parse(text), { status: 'pending', amount: 25800, outcome: 'not_paid' });
  t.notMatch(text, '홍길동', 'the status URL shows no buyer either');
  t.equal((await fetch(`${service.url}/demo/orders/${made.body.merchant_uid}`)).status, 404, 'orders are not listed by merchant_uid');
});

t.test('the demo page loads the checkout kit the service serves', async (t) => {
  const { html } = await page(t, {});
  t.match(html, '<script src="/payments/checkout.js">');
  const database = await freshDatabase(t);
  const { url } = await startTestApp(t, database, testConfig({}));
  const kit = await fetch(`${url}/payments/checkout.js`);
  t.equal(kit.status, 200);
  t.match(kit.headers.get('content-type'), /text\/javascript/);
  t.match(await kit.text(), /PaymentCheckout/);
});
