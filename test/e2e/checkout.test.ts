import { mkdirSync } from 'node:fs';
import net from 'node:net';
import t, { type Test } from 'tap';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { freshDatabase } from '../helpers/database.js';
import { startTestApp, TEST_API_KEY, testConfig } from '../helpers/app.js';

const SCREENSHOTS = new URL('./screenshots/', import.meta.url);
mkdirSync(SCREENSHOTS, { recursive: true });

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** The service as `npm start` runs it in sandbox mode: demo page, simulator and API on one port. */
async function startSandboxMode(t: Test) {
  const database = await freshDatabase(t);
  const port = await freePort();
  const config = testConfig({ PORT: String(port), HOST: '127.0.0.1' });
  const { app } = await startTestApp(t, database, config, { sandbox: true, port });
  const base = `http://127.0.0.1:${port}`;
  const latestOrder = async () => {
    const row = await database.db.selectFrom('orders').select('merchant_uid').orderBy('created_at', 'desc').executeTakeFirstOrThrow();
    const response = await fetch(`${base}/orders/${row.merchant_uid}`, { headers: { authorization: `Bearer ${TEST_API_KEY}` } });
    return (await response.json()) as { merchant_uid: string; status: string; paid_amount: number; cancelled_amount: number; vbank: unknown };
  };
  return { base, latestOrder, iamport: app.deps.money.iamport };
}

t.test('checkout in a real browser', async (t) => {
  const service = await startSandboxMode(t);
  const browser = await launchBrowser(t);

  async function checkout(name: string, options: { method?: string; flow?: string; tamper?: 'amount' | 'bypass'; choice: string }): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${service.base}/`);
    await page.selectOption('#pay-method', options.method ?? 'card');
    await page.selectOption('#flow', options.flow ?? 'pc');
    if (options.tamper) await page.selectOption('#tamper', options.tamper);
    await page.click('#pay');
    const window = options.flow === 'mobile' ? page : page.frameLocator('iframe[name="imp-sandbox-window"]');
    await window.locator(`#${options.choice}`).click();
    return page;
  }
  const shoot = (page: Page, name: string) => page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });

  t.test('card paid through the iframe and the callback', async (t) => {
    const page = await checkout('card', { choice: 'pay-card' });
    await page.waitForSelector('#result.ok');
    t.equal(await page.textContent('#result-title'), 'Payment complete');
    t.match(await page.textContent('#result'), /₩12,900/);
    await shoot(page, 'card-paid');
    t.match(await service.latestOrder(), { status: 'paid', paid_amount: 12900 });
  });

  t.test('card paid through m_redirect_url (mobile)', async (t) => {
    const page = await checkout('mobile', { flow: 'mobile', choice: 'pay-card' });
    await page.waitForURL(/\/payments\/result/);
    t.equal(await page.textContent('#result-title'), '결제가 완료되었습니다');
    await shoot(page, 'mobile-paid');
    t.match(await service.latestOrder(), { status: 'paid' });
  });

  t.test('declined card', async (t) => {
    const page = await checkout('declined', { choice: 'decline-card' });
    await page.waitForSelector('#result.bad');
    t.match(await page.textContent('#result'), /한도초과/);
    await shoot(page, 'declined');
    t.match(await service.latestOrder(), { status: 'failed' });
  });

  t.test('the payer closes the window', async (t) => {
    const page = await checkout('closed', { choice: 'close-window' });
    await page.waitForSelector('#result.bad');
    t.match(await page.textContent('#result'), /사용자가 결제를 취소/);
    await shoot(page, 'closed');
    t.match(await service.latestOrder(), { status: 'failed', paid_amount: 0 });
  });

  t.test('virtual account, then a deposit turns the order paid', async (t) => {
    const page = await checkout('vbank', { method: 'vbank', choice: 'issue-vbank' });
    await page.waitForSelector('#result.info');
    t.match(await page.textContent('#result'), /KB국민은행/);
    await shoot(page, 'vbank-issued');
    t.match(await service.latestOrder(), { status: 'awaiting_deposit' });
    await page.click('#deposit');
    await page.waitForSelector('#result.ok', { timeout: 15_000 });
    await shoot(page, 'vbank-deposited');
    t.match(await service.latestOrder(), { status: 'paid' });
  });

  t.test('a tampered amount is refused: i\'mport holds the pre-registered amount', async (t) => {
    const page = await checkout('tamper', { tamper: 'amount', choice: 'pay-card' });
    await page.waitForSelector('#result.bad');
    t.match(await page.textContent('#result'), /사전 등록된 결제정보와 금액이 일치하지 않습니다/);
    await shoot(page, 'tampered');
    t.match(await service.latestOrder(), { status: 'pending', paid_amount: 0 });
  });

  t.test('₩100 paid where i\'mport does not check the amount: the server catches the forgery and refunds it', async (t) => {
    const page = await checkout('forgery', { tamper: 'bypass', choice: 'pay-card' });
    await page.waitForSelector('#result.bad');
    t.equal(await page.textContent('#result-title'), 'Forgery caught');
    t.match(await page.textContent('#result'), /100 KRW does not match the order; it has been cancelled at i'mport/);
    await shoot(page, 'forgery-refunded');
    const order = await service.latestOrder();
    t.match(order, { status: 'pending', paid_amount: 0 });
    t.match(await service.iamport.findPayment(order.merchant_uid), { amount: 100, status: 'cancelled', cancel_amount: 100 });
  });
});
