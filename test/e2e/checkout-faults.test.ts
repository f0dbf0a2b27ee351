import { mkdirSync } from 'node:fs';
import t from 'tap';
import { PORTONE_SANDBOX_CREDENTIALS } from '../../src/config-psp.js';
import { launchBrowser } from '../helpers/browser.js';
import { startSandboxShop } from '../helpers/sandbox-shop.js';
import { checkout, type Cell, type Expected, type Fault } from './buyer.js';

/**
 * The demo shop, on the checkout kit, in chromium: i'mport V1 and PortOne V2, card and virtual account, PC (the kit's
 * outcomes) and mobile (the result page), under each fault. What the buyer sees first, what once the order settles,
 * and never "not paid" for an order that ends up paid. One browser; the eight lanes run at once, each on a service and
 * simulators of its own (a simulator's faults are global to it).
 */
const SCREENSHOTS = new URL('./screenshots/', import.meta.url);
mkdirSync(SCREENSHOTS, { recursive: true });

type Table = Partial<Record<Fault, Expected>>;
const CARD_PC: Table = {
  none: { first: 'paid', settled: 'paid' },
  'psp-down': { first: 'not_confirmed', settled: 'paid' },
  cut: { first: 'not_confirmed', settled: 'paid' },
  duplicate: { first: 'already_paid', settled: 'already_paid' },
  closed: { first: 'closed', settled: 'closed' },
  declined: { first: 'refused', settled: 'refused' },
  forgery: { first: 'forgery_refunded', settled: 'forgery_refunded' },
  'webhook-only': { first: 'not_confirmed', settled: 'paid' },
  tampered: { first: 'refused', settled: 'refused' },
};
const CARD_MOBILE: Table = {
  none: { first: 'paid', settled: 'paid' },
  'psp-down': { first: 'checking', settled: 'paid' },
  cut: { first: 'network_error', settled: 'paid' },
  duplicate: { first: 'paid', settled: 'paid' },
  closed: { first: 'closed', settled: 'closed' },
  declined: { first: 'refused', settled: 'refused' },
  forgery: { first: 'refunded_forgery', settled: 'refunded_forgery' },
  'webhook-only': { first: 'network_error', settled: 'paid' },
  tampered: { first: 'not_paid', settled: 'not_paid' },
};
const VBANK_PC: Table = {
  none: { first: 'awaiting_deposit', settled: 'paid', deposit: true },
  'psp-down': { first: 'not_confirmed', settled: 'paid', deposit: true },
  cut: { first: 'not_confirmed', settled: 'paid', deposit: true },
  duplicate: { first: 'already_paid', settled: 'already_paid' },
  closed: { first: 'closed', settled: 'closed' },
  forgery: { first: 'forgery_refunded', settled: 'forgery_refunded' },
  'webhook-only': { first: 'not_confirmed', settled: 'paid', deposit: true },
};
const VBANK_MOBILE: Table = {
  none: { first: 'awaiting_deposit', settled: 'paid', deposit: true },
  'psp-down': { first: 'checking', settled: 'paid', deposit: true },
  cut: { first: 'network_error', settled: 'paid', deposit: true },
  duplicate: { first: 'paid', settled: 'paid' },
  closed: { first: 'closed', settled: 'closed' },
  forgery: { first: 'refunded_forgery', settled: 'refunded_forgery' },
  'webhook-only': { first: 'network_error', settled: 'paid', deposit: true },
};

/**
 * V2 as V1, except: no second paid attempt (PortOne refuses one), and a window closed on a phone leaves V2's attempt
 * READY, which the result page shows as a payment not completed (V1's is a failed payment the buyer cancelled).
 */
const v2 = (table: Table, changes: Table = {}): Table =>
  Object.fromEntries(Object.entries({ ...table, ...changes }).filter(([fault]) => fault !== 'duplicate'));
const CLOSED_ON_A_PHONE: Table = { closed: { first: 'not_completed', settled: 'not_completed' } };

const LANES: Array<[Cell['provider'], Cell['method'], Cell['flow'], Table]> = [
  ['iamport', 'card', 'pc', CARD_PC],
  ['iamport', 'card', 'mobile', CARD_MOBILE],
  ['iamport', 'vbank', 'pc', VBANK_PC],
  ['iamport', 'vbank', 'mobile', VBANK_MOBILE],
  ['portone', 'card', 'pc', v2(CARD_PC)],
  ['portone', 'card', 'mobile', v2(CARD_MOBILE, CLOSED_ON_A_PHONE)],
  ['portone', 'vbank', 'pc', v2(VBANK_PC)],
  ['portone', 'vbank', 'mobile', v2(VBANK_MOBILE, CLOSED_ON_A_PHONE)],
];

/** How a page that loads no PSP script pays through each: the kit loads it from where `options` say. */
const WITHOUT_SCRIPT = {
  iamport: { global: 'IMP', does: 'calls IMP.init', window: 'iframe[name="imp-sandbox-window"]', options: { merchantCode: 'imp00000000', sdk: '/sandbox/iamport/iamport.js' } },
  portone: {
    global: 'PortOne',
    does: 'with the store and channel',
    window: 'iframe[name="portone-sandbox-window"]',
    options: { portone: { storeId: PORTONE_SANDBOX_CREDENTIALS.storeId, channelKey: PORTONE_SANDBOX_CREDENTIALS.liveChannelKey, sdk: '/sandbox/portone/browser-sdk.js' } },
  },
};

/** What tells a buyer the order is not paid, on the kit (PC) and on the result page (mobile). */
const SAYS_NOT_PAID = new Set(['refused', 'closed', 'forgery_refunded', 'expired', 'refunded_forgery', 'expired_account', 'not_paid', 'not_completed']);

t.test('checkout in chromium', async (t) => {
  const browser = await launchBrowser(t);

  for (const [provider, how] of Object.entries(WITHOUT_SCRIPT)) {
    await t.test(`a page without ${how.global}: the kit loads the PSP's script (${how.does}) and pays`, async (t) => {
      const shop = await startSandboxShop(t);
      const page = await browser.newPage();
      await page.goto(`${shop.base}/healthz`);
      await page.addScriptTag({ url: '/payments/checkout.js' });
      t.equal(await page.evaluate(`typeof window.${how.global}`), 'undefined');
      const paying = page.evaluate(async ({ provider, options }) => {
        const body = JSON.stringify({ quantity: 2, provider });
        const order = await (await fetch('/demo/orders', { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json();
        const kit = (globalThis as unknown as { PaymentCheckout: { pay: (order: unknown, options: unknown) => Promise<{ kind: string; amount: number }> } }).PaymentCheckout;
        return kit.pay(order, { ...options, flow: 'pc' });
      }, { provider, options: how.options });
      await page.frameLocator(how.window).locator('#pay-card').click();
      t.match(await paying, { kind: 'paid', amount: 25_800, title: '결제가 완료되었습니다' });
      t.match(await shop.order(await shop.latestOrderUid()), { provider, status: 'paid', paid_amount: 25_800 });
      await page.close();
    });
  }

  t.test('under faults', async (t) => {
    t.jobs = LANES.length;
    for (const [provider, method, flow, table] of LANES) {
      t.test(`${provider} · ${method} · ${flow}`, async (t) => {
        const shop = await startSandboxShop(t);
        for (const [fault, expected] of Object.entries(table) as Array<[Fault, Expected]>) {
          await t.test(fault, async (t) => {
            const visit = await checkout(browser, shop, { provider, method, flow, fault }, expected);
            await visit.page.screenshot({ path: new URL(`${provider}-${method}-${flow}-${fault}.png`, SCREENSHOTS).pathname, fullPage: true });
            t.equal(visit.seen[0], expected.first, `first seen: ${visit.seen.join(' → ')}`);
            t.equal(visit.seen.at(-1), expected.settled, 'once settled');
            const order = await shop.order(visit.merchantUid);
            if (order.status === 'paid') {
              t.notOk(visit.seen.some((kind) => SAYS_NOT_PAID.has(kind)), 'a paid order is never shown as not paid');
              t.notMatch(visit.text, /실패|failed/i);
            }
            t.equal(order.status === 'paid', ['paid', 'already_paid'].includes(expected.settled), `the order is ${order.status}`);
            await visit.page.close();
          });
        }
      });
    }
  });
});
