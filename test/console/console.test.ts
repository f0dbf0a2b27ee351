import t from 'tap';
import type { Page } from 'playwright-core';
import { TEST_ACTOR, TEST_API_KEY } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { startService } from '../helpers/service.js';
import { createOrder, paidTwice, refundNeedingOperator } from '../helpers/scenarios.js';

const SCREENSHOTS = new URL('../e2e/screenshots/', import.meta.url);

t.test("the operator's console in a real browser", async (t) => {
  const service = await startService(t);
  const shop = { ...service, control: service.sandbox.control };
  const browser = await launchBrowser(t);
  const problems: string[] = [];

  async function open(path = ''): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('dialog', (dialog) => {
      problems.push(`a ${dialog.type()} dialog opened: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await page.goto(`${service.url}/console${path}`);
    return page;
  }

  async function signedIn(path = ''): Promise<Page> {
    const page = await open();
    await page.fill('#api-key', TEST_API_KEY);
    await page.click('#sign-in-button');
    await page.waitForSelector('#status-strip:not([hidden])');
    if (path) await page.evaluate(`location.hash = ${JSON.stringify(path)}`);
    return page;
  }

  const operatorRefunds = async (merchantUid: string) =>
    service.database.db.selectFrom('refunds').select(['amount', 'state']).where('merchant_uid', '=', merchantUid).where('reason', '=', 'operator').execute();

  t.test('a wrong key is refused and not kept; the right one signs in and names who is signed in', async (t) => {
    const page = await open();
    await page.click('#sign-in-button');
    t.equal(await page.textContent('#api-key-error'), 'Enter one of the API keys (API_KEYS).', "the console's own message, not the browser's");
    t.equal(await page.evaluate('document.activeElement.id'), 'api-key', 'focus stays on the field to fix');
    await page.fill('#api-key', 'not-the-key');
    await page.click('#sign-in-button');
    await page.locator('#sign-in-error', { hasText: 'refused' }).waitFor();
    t.equal(await page.evaluate('sessionStorage.length'), 0, 'the refused key is not kept');
    t.ok(await page.isHidden('#view'));
    await page.fill('#api-key', TEST_API_KEY);
    await page.click('#sign-in-button');
    await page.waitForSelector('#orders');
    t.match(await page.textContent('#status-strip'), /i'mport: .*waiting for a person: \d/);
    t.equal(await page.textContent('#signed-in-as'), TEST_ACTOR);
    t.equal(await page.evaluate('document.activeElement.id'), 'view-title', 'focus moves to the page heading');
    await page.click('#sign-out');
    t.equal(await page.evaluate('sessionStorage.length'), 0, 'signing out forgets the key');
  });

  t.test('search finds the order by buyer email, and its timeline tells the whole story', async (t) => {
    const { merchantUid, first, second } = await paidTwice(shop, 39_000, 'Linen shirt', { name: '김지수', email: 'jisu.kim@example.com' });
    const page = await signedIn();
    await page.fill('#search', 'JISU.kim');
    await page.click('#search-button');
    await page.waitForSelector(`#orders-body tr[data-merchant-uid="${merchantUid}"]`);
    t.equal(await page.locator('#orders-body tr').count(), 1);
    t.match(await page.textContent('#orders-body'), /₩39,000/);
    await page.click(`#orders-body a`);
    await page.waitForSelector('#timeline');
    const entries = await page.locator('#timeline li').evaluateAll((items) => items.map((li) => `${li.getAttribute('data-kind')}: ${li.textContent}`));
    t.match(entries.join('\n'), new RegExp(`payment: .*${first}.*paid.*accepted`));
    t.match(entries.join('\n'), new RegExp(`payment: .*${second}.*cancelled.*duplicate`));
    t.match(entries.join('\n'), new RegExp(`refund: .*Refund ₩39,000 of ${second} \\(duplicate payment\\) done`));
    t.match(entries.join('\n'), /psp_cancel: .*i'mport cancelled ₩39,000 of .*reason: 중복 결제 자동 취소/);
    t.match(entries.join('\n'), /event: .*Event payment.duplicate_cancelled/);
    t.match(await page.textContent('#money-summary'), /2 payments with money at i'mport .*₩78,000 received, ₩39,000 returned, ₩39,000 kept/);
    t.match(await page.textContent('#money-summary'), new RegExp(`${second} is a duplicate payment: fully returned`));
    t.equal(await page.getAttribute('#timeline .receipt', 'href'), (await service.iamport.getPayment(first))!.receipt_url);
    const time = page.locator('#timeline li[data-kind=created] time');
    t.match(await time.textContent(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d KST$/, 'times in KST, the zone shown');
    t.match(await time.getAttribute('title'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/, 'UTC on hover');
    const created = await time.getAttribute('datetime');
    t.equal(await time.textContent(), `${new Date(Date.parse(created!) + 9 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')} KST`);
    const event = page.locator('#timeline li[data-kind=event]', { hasText: 'order.paid' });
    await event.locator('summary').click();
    const shown = JSON.parse((await event.locator('pre').textContent())!);
    t.match(shown, { type: 'order.paid', data: { merchant_uid: merchantUid, status: 'paid', paid_amount: 39_000 } }, "the event's payload");
    await page.screenshot({ path: new URL('console-timeline.png', SCREENSHOTS).pathname, fullPage: true });
  });

  t.test('a partial refund with a reason, confirmed, is shown in place', async (t) => {
    const order = await createOrder(service, 20_000, 'Two mugs');
    await shop.control.createPayment({ merchant_uid: order.merchant_uid, amount: 20_000 }).then((p) => service.post('/payments/complete', { imp_uid: p.imp_uid, merchant_uid: order.merchant_uid }));
    const page = await signedIn(`#/order/${order.merchant_uid}`);
    await page.click('#refund-button');
    await page.fill('#refund-amount', '7000');
    await page.fill('#refund-reason', 'one mug arrived broken');
    await page.click('#confirm-ok');
    await page.waitForSelector('#action-result.result');
    t.match(await page.textContent('#action-result'), /Refunded\. The order is .*partially refunded: ₩7,000 refunded of ₩20,000/);
    t.equal(await page.evaluate('document.activeElement.id'), 'action-result', 'focus moves to the answer');
    t.equal(await page.textContent('#order-refunded'), '₩7,000');
    t.match(await page.textContent('#timeline'), new RegExp(`Refund ₩7,000 of imp_\\d+ \\(operator refund\\) done.*by ${TEST_ACTOR}.*reason: one mug arrived broken`));
    t.same(await operatorRefunds(order.merchant_uid), [{ amount: '7000', state: 'done' }]);
  });

  t.test('a double click refunds once; a retry after a lost answer sends the same key and refunds once', async (t) => {
    const order = await createOrder(service, 10_000, 'Socks');
    await shop.control.createPayment({ merchant_uid: order.merchant_uid, amount: 10_000 }).then((p) => service.post('/payments/complete', { imp_uid: p.imp_uid, merchant_uid: order.merchant_uid }));
    const page = await signedIn(`#/order/${order.merchant_uid}`);
    const keys: string[] = [];
    page.on('request', (request) => request.url().endsWith('/cancel') && keys.push(request.headers()['idempotency-key']!));
    await page.click('#refund-button');
    await page.fill('#refund-amount', '1000');
    await page.fill('#refund-reason', 'late delivery');
    await page.dblclick('#confirm-ok');
    await page.waitForSelector('#action-result.result');
    t.same(await operatorRefunds(order.merchant_uid), [{ amount: '1000', state: 'done' }], 'one refund');

    // the next refund's answer is lost on the way back: the operator retries
    let lose = true;
    await page.route('**/cancel', async (route) => {
      if (!lose) return route.continue();
      lose = false;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.click('#refund-button');
    await page.fill('#refund-amount', '2000');
    await page.fill('#refund-reason', 'late delivery, again');
    await page.click('#confirm-ok');
    await page.locator('#confirm-ok', { hasText: 'Retry' }).waitFor();
    t.match(await page.textContent('#confirm-error'), /could not be reached/);
    await page.click('#confirm-ok');
    await page.locator('#action-result', { hasText: '₩3,000 refunded' }).waitFor();
    t.same(await operatorRefunds(order.merchant_uid), [{ amount: '1000', state: 'done' }, { amount: '2000', state: 'done' }], 'the retry refunded nothing more');
    t.equal(await page.textContent('#order-refunded'), '₩3,000');
    t.equal(keys.length, 3);
    t.equal(keys[1], keys[2], 'the retry carried the same Idempotency-Key');
    t.not(keys[0], keys[1], 'a new action, a new key');
  });

  t.test('names are shown as text, never run', async (t) => {
    const xss = '<img src=x onerror="window.__xss=1">';
    const order = await createOrder(service, 1000, xss, { name: '<script>window.__xss=2</script>', email: 'xss@example.com' });
    const page = await signedIn();
    await page.fill('#search', 'xss@');
    await page.click('#search-button');
    await page.waitForSelector(`#orders-body tr[data-merchant-uid="${order.merchant_uid}"]`);
    t.equal(await page.textContent('#orders-body .order-name'), xss);
    t.match(await page.textContent('#orders-body'), '<script>window.__xss=2</script>');
    await page.click('#orders-body a');
    await page.waitForSelector('#timeline');
    t.equal(await page.textContent('#order-name'), xss);
    t.match(await page.textContent('#timeline'), `"${xss}"`);
    t.equal(await page.locator('main img, main script').count(), 0);
    t.equal(await page.evaluate('typeof window.__xss'), 'undefined');
  });

  t.test('nothing broke the page or its CSP', async (t) => {
    // the refused key's 401 and the answer the retry test cut off are expected
    t.same(problems.filter((p) => !/status of 401|ERR_CONNECTION_RESET/.test(p)), []);
  });
});
