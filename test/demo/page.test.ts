import t, { type Test } from 'tap';
import { startTestApp, testConfig } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';

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
});

t.test("DEMO_PAGE with the real i'mport loads i'mport's own script with the shop's merchant code", async (t) => {
  const real = { IAMPORT_API_KEY: 'k', IAMPORT_API_SECRET: 's', DEMO_PAGE: 'true', IAMPORT_MERCHANT_CODE: 'imp12345678' };
  const { status, html } = await page(t, real);
  t.equal(status, 200);
  t.match(html, '<script src="https://cdn.iamport.kr/v1/iamport.js">');
  t.match(html, 'data-imp-code="imp12345678" data-sandbox="false"');
  t.notMatch(html, '{{', 'every placeholder is filled');
});
