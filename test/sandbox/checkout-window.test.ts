import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { launchBrowser } from '../helpers/browser.js';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf } from './http.js';

/** A page of its own origin (a port of its own): a shop using iamport.js, or a page framing the window itself. */
async function startPage(t: Test, html: string): Promise<string> {
  const app = Fastify();
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return origin;
}

const shopPage = (sandboxUrl: string) => `<!doctype html><body><pre id="result"></pre>
<script src="${sandboxUrl}/iamport.js"></script>
<script>
  IMP.init('imp_sandbox');
  window.pay = (params) => IMP.request_pay(params, (rsp) => { document.getElementById('result').textContent = JSON.stringify(rsp); });
</script></body>`;

/** A page that frames the window with a state of its choosing and records every message that reaches it. */
const framingPage = `<!doctype html><body><script>
  window.received = [];
  addEventListener('message', (event) => window.received.push(event.data));
  window.frameWindow = (src) => { const frame = document.createElement('iframe'); frame.name = 'w'; frame.src = src; document.body.appendChild(frame); };
</script></body>`;

t.test('the payment window: answers only its opener\'s origin, follows only http(s) redirects', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const token = await tokenOf(sandbox);
  const shop = await startPage(t, shopPage(sandbox.url));
  const other = await startPage(t, framingPage);
  const browser = await launchBrowser(t);
  const windowUrl = (state: unknown) => `${sandbox.url}/checkout.html#${encodeURIComponent(JSON.stringify(state))}`;
  const paymentOf = async (merchantUid: string) => (await call(sandbox.url, 'GET', `/payments/find/${merchantUid}`, { token })).body.response;

  t.test('the shop that opened the window gets its rsp', async (t) => {
    const page = await browser.newPage();
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify({ merchant_uid: 'ord_window_ok', amount: 1000, name: 'T' })})`);
    await page.frameLocator('iframe[name="imp-sandbox-window"]').locator('#pay-card').click();
    await page.waitForFunction("document.getElementById('result').textContent !== ''");
    t.match(JSON.parse((await page.textContent('#result'))!), { success: true, merchant_uid: 'ord_window_ok', status: 'paid' });
  });

  t.test('the rsp is posted to the origin iamport.js named, never to whoever frames the window', async (t) => {
    const page = await browser.newPage();
    await page.goto(other);
    const claimed = { params: { merchant_uid: 'ord_window_spied', amount: 1000 }, code: 'imp_sandbox', origin: shop };
    await page.evaluate(`frameWindow(${JSON.stringify(windowUrl(claimed))})`);
    await page.frameLocator('iframe[name="w"]').locator('#pay-card').click();
    for (let i = 0; i < 50 && !(await paymentOf('ord_window_spied')); i += 1) await sleep(50);
    t.match(await paymentOf('ord_window_spied'), { status: 'paid' }, 'the payment was made');
    await sleep(300);
    t.same(await page.evaluate('received'), [], 'its answer did not reach this origin');

    const own = { params: { merchant_uid: 'ord_window_own', amount: 1000 }, code: 'imp_sandbox', origin: other };
    await page.evaluate(`frameWindow(${JSON.stringify(windowUrl(own))})`);
    await page.frameLocator('iframe >> nth=1').locator('#pay-card').click();
    await page.waitForFunction('received.length > 0');
    t.match(await page.evaluate('received'), [{ type: 'imp-sandbox-rsp', rsp: { merchant_uid: 'ord_window_own' } }], 'the same page, named as the opener, gets it');
  });

  t.test('a javascript: m_redirect_url: a failure rsp, no navigation, no payment', async (t) => {
    const redirect = 'javascript:document.title="pwned"';
    const page = await browser.newPage();
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify({ merchant_uid: 'ord_window_js', amount: 1000, m_redirect_url: redirect })})`);
    t.match(JSON.parse((await page.textContent('#result'))!), { success: false, error_code: 'F400' }, 'iamport.js refuses it');

    const state = { params: { merchant_uid: 'ord_window_js', amount: 1000, m_redirect_url: redirect }, code: 'imp_sandbox', origin: shop };
    await page.goto(windowUrl(state));
    await page.click('#pay-card');
    await page.waitForFunction("document.getElementById('status').textContent !== ''");
    t.match(await page.textContent('#status'), /http\(s\)/);
    t.match(page.url(), /checkout\.html/, 'still the window');
    t.not(await page.title(), 'pwned');
    t.equal(await paymentOf('ord_window_js'), null, 'no payment was made');
  });

  t.test('the window\'s endpoint refuses a non-http(s) m_redirect_url before any payment', async (t) => {
    for (const redirect of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '/relative', 'ftp://example.com/']) {
      const answer = await call(sandbox.url, 'POST', '/__checkout', { body: { params: { merchant_uid: 'ord_window_http', amount: 1000, m_redirect_url: redirect }, choice: 'card' } });
      t.match(answer as unknown, { status: 400, body: { rsp: { success: false, error_code: 'F400' } } }, redirect);
    }
    t.equal(await paymentOf('ord_window_http'), null);
  });
});
