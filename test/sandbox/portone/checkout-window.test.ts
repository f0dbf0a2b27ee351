import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { launchBrowser } from '../../helpers/browser.js';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { requestParams } from './checkout.js';
import { v2 } from './http.js';
import { startReceiver } from './receiver.js';

/** A shop of its own origin that loads the stand-in like the real SDK's script, and a page it redirects back to. */
async function startShop(t: Test, sandboxUrl: string): Promise<string> {
  const app = Fastify();
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(`<!doctype html><body><pre id="result"></pre>
<script src="${sandboxUrl}/browser-sdk.js"></script>
<script>
  window.pay = (params) => {
    document.getElementById('result').textContent = '';
    PortOne.requestPayment(params).then((response) => { document.getElementById('result').textContent = JSON.stringify(response); });
  };
</script></body>`),
  );
  app.get('/done', async (_request, reply) => reply.type('text/html; charset=utf-8').send('<!doctype html><body>back at the shop</body>'));
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  return origin;
}

t.test('PortOne.requestPayment in chromium: the Promise on PC, the redirect when forced or on mobile', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t);
  const { url, control } = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/shop` });
  const shop = await startShop(t, url);
  const browser = await launchBrowser(t);
  const read = async (paymentId: string) => (await v2(url, 'GET', `/payments/${paymentId}`)).body;
  const windowFrame = (page: import('playwright-core').Page) => page.frameLocator('iframe[name="portone-sandbox-window"]');
  const resultOf = async (page: import('playwright-core').Page) => {
    await page.waitForFunction("document.getElementById('result').textContent !== ''");
    return JSON.parse((await page.textContent('#result'))!);
  };

  t.test('PC, card approved: the Promise resolves with txId and paymentId; Ready then Paid are sent', async (t) => {
    const page = await browser.newPage();
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_pc', { customData: { item: 3 }, customer: { fullName: '김구매' } }))})`);
    await windowFrame(page).locator('#pay-card').click();
    const response = await resultOf(page);
    t.match(response, { transactionType: 'PAYMENT', paymentId: 'win_pc', txId: /^[0-9a-f-]{36}$/ });
    t.notOk(response.code);
    t.match(await read('win_pc'), { status: 'PAID', transactionId: response.txId, customData: '{"item":3}', customer: { name: '김구매' }, origin: { platformType: 'PC', url: `${shop}/` } });
    await control.drainWebhooks();
    t.same(hooks.received.filter((r) => r.body.data.paymentId === 'win_pc').map((r) => r.body.type), ['Transaction.Ready', 'Transaction.Paid']);
    await page.close();
  });

  t.test('PC, window closed: a failure result, and the attempt stays READY', async (t) => {
    const page = await browser.newPage();
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_close'))})`);
    await windowFrame(page).locator('#close-window').click();
    t.match(await resultOf(page), { paymentId: 'win_close', code: 'PGProviderError', message: /취소/ });
    t.match(await read('win_close'), { status: 'READY' });
    await page.close();
  });

  t.test('PC, virtual account, and a tampered amount that a pre-registration refuses', async (t) => {
    const page = await browser.newPage();
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_va', { payMethod: 'VIRTUAL_ACCOUNT', virtualAccount: { accountExpiry: { validHours: 5 } } }))})`);
    t.equal(await windowFrame(page).locator('#pay-card').isVisible(), false, 'a card button only for CARD');
    await windowFrame(page).locator('#issue-account').click();
    t.notOk((await resultOf(page)).code, 'issued: a success that is not a payment yet');
    t.match(await read('win_va'), { status: 'VIRTUAL_ACCOUNT_ISSUED', method: { type: 'PaymentMethodVirtualAccount' } });

    await v2(url, 'POST', '/payments/win_tamper/pre-register', { body: { totalAmount: 10000, currency: 'KRW' } });
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_tamper'))})`);
    await windowFrame(page).locator('#tamper-amount').click();
    t.match(await resultOf(page), { paymentId: 'win_tamper', code: 'AmountNotEqualToPredefined' });
    t.match(await v2(url, 'GET', '/payments/win_tamper'), { status: 404 });
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_tamper_open'))})`);
    await windowFrame(page).locator('#tamper-amount').click();
    t.notOk((await resultOf(page)).code, 'without a pre-registration the tampered amount is paid');
    t.match(await read('win_tamper_open'), { status: 'PAID', amount: { total: 1000 } });
    await page.close();
  });

  t.test('forceRedirect: the page goes to the window and comes back with paymentId, and code/message on failure', async (t) => {
    const page = await browser.newPage();
    await page.goto(shop);
    const redirectUrl = `${shop}/done?order=7`;
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_redirect', { redirectUrl, forceRedirect: true }))})`);
    await page.waitForURL(/checkout\.html/);
    await page.click('#pay-card');
    await page.waitForURL(/\/done/);
    t.same(Object.fromEntries(new URL(page.url()).searchParams), { order: '7', paymentId: 'win_redirect' });
    t.match(await read('win_redirect'), { status: 'PAID' });

    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_declined', { redirectUrl, forceRedirect: true }))})`);
    await page.waitForURL(/checkout\.html/);
    await page.click('#decline-card');
    await page.waitForURL(/\/done/);
    t.match(Object.fromEntries(new URL(page.url()).searchParams), { paymentId: 'win_declined', code: 'PGProviderError', message: /거절/, pgCode: '1001' });
    t.match(await read('win_declined'), { status: 'FAILED', failure: { pgCode: '1001' } });
    await page.close();
  });

  t.test('mobile: a redirectUrl alone redirects; bad parameters are answered at once, never redirected', async (t) => {
    const page = await browser.newPage();
    await page.addInitScript("Object.defineProperty(navigator, 'userAgent', { get: () => 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' })");
    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_mobile', { redirectUrl: `${shop}/done` }))})`);
    await page.waitForURL(/checkout\.html/);
    await page.click('#pay-card');
    await page.waitForURL(/\/done/);
    t.equal(new URL(page.url()).searchParams.get('paymentId'), 'win_mobile');
    t.match(await read('win_mobile'), { origin: { platformType: 'MOBILE' } });

    await page.goto(shop);
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_bad', { redirectUrl: 'javascript:alert(1)', forceRedirect: true }))})`);
    t.match(await resultOf(page), { paymentId: 'win_bad', code: 'InvalidArgument', message: /redirectUrl/ });
    await page.evaluate(`pay(${JSON.stringify(requestParams('win_bad', { totalAmount: 10.5 }))})`);
    t.match(await resultOf(page), { code: 'InvalidArgument', message: /totalAmount/ });
    t.match(page.url(), new RegExp(`^${shop}`), 'still at the shop');
    await page.close();
  });
});
