import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import t from 'tap';
import type { Page } from 'playwright-core';
import { TEST_ACTOR, TEST_API_KEY } from '../helpers/app.js';
import { launchBrowser } from '../helpers/browser.js';
import { createOrder, eventually, failingReceiver, refundNeedingOperator } from '../helpers/scenarios.js';
import { startService } from '../helpers/service.js';

t.test("an operator's day in a real browser: finish refunds, work the inbox, on a phone too", async (t) => {
  const receiver = await failingReceiver(t);
  const service = await startService(t, { EVENT_WEBHOOK_URL: receiver, EVENT_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' });
  const shop = { ...service, control: service.sandbox.control };
  const browser = await launchBrowser(t);
  const problems: string[] = [];

  async function signedIn(path: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewportSize(viewport);
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${service.url}/console`);
    await page.fill('#api-key', TEST_API_KEY);
    await page.click('#sign-in-button');
    await page.waitForSelector('#status-strip:not([hidden])');
    await page.evaluate(`location.hash = ${JSON.stringify(path)}`);
    return page;
  }

  const historyOf = async (impUid: string) => ((await service.iamport.getPayment(impUid))?.cancel_history as unknown[] | undefined) ?? [];

  t.test("a deposited duplicate's refund is finished from its order: the buyer's account, a bank from the PG's codes", async (t) => {
    const stuck = await refundNeedingOperator(shop, 12_900, 'Mug');
    const page = await signedIn(`#/order/${stuck.merchantUid}`);
    await page.waitForSelector('#timeline');
    t.match(await page.textContent('#money-held'), /money held: ₩12,900/, 'the order says money is held');
    t.notMatch(await page.getAttribute('.title .badge', 'class'), /badge-paid/, 'not a green "paid" while money is held');
    t.match(await page.textContent('#money-summary'), /Refund of ₩12,900 .* waits for a person: i'mport refused it/);

    const entry = page.locator('#timeline li[data-kind=refund]', { hasText: stuck.vbank });
    await entry.locator('button.finish').click();
    await page.waitForSelector('#refund-bank option[value="04"]', { state: 'attached' });
    t.equal(await page.evaluate('document.activeElement.id'), 'refund-holder', 'the dialog starts at its first field');
    await page.click('#confirm-ok');
    t.equal(await page.textContent('#refund-holder-error'), "Enter the account holder's name.", "the console's own messages");
    t.equal(await page.textContent('#refund-bank-error'), 'Choose the bank the account is at.');
    t.equal(await page.getAttribute('#refund-account', 'aria-invalid'), 'true');
    t.equal(historyOf.length >= 0 && (await historyOf(stuck.vbank)).length, 0, 'nothing was sent');

    await page.fill('#refund-holder', '김지수');
    t.match(await page.textContent('#refund-bank'), /KB국민은행 \(04\)/);
    await page.selectOption('#refund-bank', '04');
    await page.fill('#refund-account', '123-456-789012');
    await page.click('#confirm-ok');
    await page.locator('#action-result', { hasText: 'done' }).waitFor();
    t.equal(await page.evaluate('document.activeElement.id'), 'action-result', 'focus moves to the answer');
    t.equal(await page.locator('#money-held').count(), 0, 'no money held any more');
    t.match(await entry.textContent(), new RegExp(`done.*by ${TEST_ACTOR}`));
    t.match(await page.textContent('#timeline'), new RegExp(`carried out again by ${TEST_ACTOR}: done \\(to bank 04, account …9012\\)`));
    t.equal((await historyOf(stuck.vbank)).length, 1, "refunded once at i'mport");
  });

  t.test('the inbox counts what waits for a person; each list has its total and its action', async (t) => {
    const stuck = await refundNeedingOperator(shop, 6_000, 'Bowl');
    const page = await signedIn('#/attention');
    // the receiver refuses everything: once every event has been tried, each one is a failing push
    const events = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM order_events`.execute(service.database.db)).rows[0]!.n);
    await eventually(async () => {
      const body = (await service.api('GET', '/attention')).body;
      return body.pushes.events === (await events()) && body.pushes.items.every((g: { last_attempt_at: string | null }) => g.last_attempt_at);
    }, 15_000, 'every event failing to push');
    await page.evaluate('location.hash = "#/orders"');
    await page.evaluate('location.hash = "#/attention"');
    await page.waitForSelector('#inbox-refunds');
    const waiting = Number((await page.textContent('#inbox-waiting'))!.match(/^(\d+)/)![1]);
    t.equal(waiting, 1 + (await events()), 'the count: one refund to finish and every failing push (its held money not counted twice)');
    t.equal(await page.textContent('#total-refunds'), '1');
    t.match(await page.textContent('#total-pushes'), new RegExp(`^\\d+ events at 1 endpoint$`));
    t.match(await page.textContent('#inbox-pushes'), new RegExp(`${receiver}.*HTTP 500`));

    await page.click('#inbox-pushes button[data-endpoint]');
    await page.click('#confirm-ok');
    await page.locator('#inbox-result', { hasText: 'queued to be pushed again' }).waitFor();
    t.equal(await page.evaluate('document.activeElement.id'), 'inbox-result');

    await page.click(`#inbox-refunds button[data-refund-id]`);
    await page.waitForSelector('#refund-bank option[value="04"]', { state: 'attached' });
    await page.fill('#refund-holder', '박서연');
    await page.selectOption('#refund-bank', '88');
    await page.fill('#refund-account', '110234567890');
    await page.click('#confirm-ok');
    await page.locator('#inbox-result', { hasText: 'done' }).waitFor();
    t.equal(await page.textContent('#total-refunds'), '0', 'finished: gone from the list');
    t.equal((await historyOf(stuck.vbank)).length, 1);
  });

  t.test('the orders filter exports what it shows as CSV', async (t) => {
    await createOrder(service, 6000, 'Bowl', { name: '정하늘' });
    const page = await signedIn(`#/orders?q=${encodeURIComponent('정하늘')}`);
    await page.waitForSelector('#orders-body tr');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-orders')]);
    t.match(download.suggestedFilename(), /^orders-\d{4}-\d\d-\d\d\.csv$/);
    const text = await readFile((await download.path())!, 'utf8');
    t.match(text, /^\uFEFFmerchant_uid,created_at,name,/);
    t.equal(text.trim().split('\r\n').length, 2, 'the one order the filter shows');
    t.match(text, /,Bowl,pending,KRW,6000,.*,정하늘,/);
  });

  t.test('at 390 px every view fits the screen', async (t) => {
    const phone = { width: 390, height: 844 };
    const { merchantUid } = await refundNeedingOperator(shop, 3_000, '아주 긴 상품 이름이 들어간 주문 A very long product name that must wrap');
    for (const path of ['#/orders', `#/order/${merchantUid}`, '#/attention']) {
      const page = await signedIn(path, phone);
      await page.waitForSelector('#view-title, #order-name');
      await page.waitForLoadState('networkidle');
      t.ok((await page.evaluate('document.documentElement.scrollWidth')) as number <= 390, `${path} does not overflow`);
      await page.close();
    }
  });

  t.test('nothing broke the page or its CSP', async (t) => {
    t.same(problems, []);
  });
});
