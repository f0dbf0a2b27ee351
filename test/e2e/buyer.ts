import type { BrowserContext, Page, Route } from 'playwright-core';
import type { SandboxShop } from '../helpers/sandbox-shop.js';
import { eventually } from '../helpers/scenarios.js';

/** `psp-down`: the PSP's API answers 5xx to the reads of the payment; `duplicate` is V1's only (V2 takes one paid attempt) */
export type Fault = 'none' | 'psp-down' | 'cut' | 'duplicate' | 'closed' | 'declined' | 'forgery' | 'webhook-only' | 'tampered';
export interface Cell {
  provider: 'iamport' | 'portone';
  method: 'card' | 'vbank';
  flow: 'pc' | 'mobile';
  fault: Fault;
}
/** what the buyer sees first, and once the order settles (PC: the kit's outcome; mobile: the result page's) */
export interface Expected {
  first: string;
  settled: string;
  /** an account is issued on the way, and the buyer deposits into it */
  deposit?: boolean;
}
export interface Visit {
  merchantUid: string;
  /** every outcome shown, in order (mobile: each result page, or `network_error` for a navigation that failed) */
  seen: string[];
  text: string;
  page: Page;
}

/** Notes every outcome the demo page shows: each value #result's data-outcome takes, in order. */
const RECORDER = `window.__seen = [];
const note = (kind) => { if (kind && window.__seen[window.__seen.length - 1] !== kind) window.__seen.push(kind); };
new MutationObserver((records) => {
  for (const record of records) note(record.oldValue);
  note(document.getElementById('result') && document.getElementById('result').dataset.outcome);
}).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-outcome'], attributeOldValue: true });`;

/** The button the buyer presses in the PSP's payment window (the simulators' own ids). */
const CHOICE: Record<Fault, (cell: Cell) => string> = {
  none: (cell) => (cell.method === 'card' ? '#pay-card' : cell.provider === 'portone' ? '#issue-account' : '#issue-vbank'),
  'psp-down': (cell) => CHOICE.none(cell),
  cut: (cell) => CHOICE.none(cell),
  duplicate: (cell) => CHOICE.none(cell),
  forgery: (cell) => CHOICE.none(cell),
  'webhook-only': (cell) => CHOICE.none(cell),
  tampered: () => '#pay-card',
  closed: () => '#close-window',
  declined: () => '#decline-card',
};

const isComplete = (url: URL) => url.pathname === '/payments/complete';
/** the PSP's payment window on PC: an iframe over the page */
const WINDOW = { iamport: 'iframe[name="imp-sandbox-window"]', portone: 'iframe[name="portone-sandbox-window"]' };

/** The browser's call to /payments/complete (PC: the kit's POST; mobile: the redirect) is cut, after or before it lands. */
async function cutConnection(page: Page, fault: Fault): Promise<void> {
  if (fault !== 'cut' && fault !== 'webhook-only') return;
  let cuts = 0;
  await page.route(isComplete, async (route: Route) => {
    // the service applies the payment, then the answer is lost; webhook-only: the call never arrives (every retry too)
    if (fault === 'cut' && cuts++ > 0) return route.fallback();
    if (fault === 'cut') await route.fetch({ maxRedirects: 0 });
    await route.abort('connectionreset');
    if (fault === 'webhook-only' && route.request().method() === 'GET') await page.unroute(isComplete);
  });
}

/**
 * Result pages as the mobile browser receives them, and navigations to /payments/complete that failed (known once the
 * browser shows its error page, so that going there again is not interrupted by it).
 */
function recordMobileViews(page: Page, seen: string[]): { failedUrl: () => string | undefined; done: () => Promise<unknown> } {
  let failed: string | undefined;
  let errorShown = false;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith('chrome-error:')) errorShown = true;
  });
  let chain: Promise<unknown> = Promise.resolve();
  page.on('response', (response) => {
    if (!response.url().includes('/payments/result')) return;
    chain = chain.then(async () => seen.push(/data-result="(\w+)"/.exec(await response.text())?.[1] ?? `http_${response.status()}`));
  });
  page.on('requestfailed', (request) => {
    if (!isComplete(new URL(request.url()))) return;
    failed = request.url();
    chain = chain.then(() => seen.push('network_error'));
  });
  return { failedUrl: () => (errorShown ? failed : undefined), done: () => chain };
}

/** Pays one order on the demo page as a buyer would, with the cell's fault; returns what the buyer saw. */
export async function checkout(browser: BrowserContext, shop: SandboxShop, cell: Cell, expected: Expected): Promise<Visit> {
  const page = await browser.newPage();
  await page.addInitScript(RECORDER);
  const mobileSeen: string[] = [];
  const mobile = cell.flow === 'mobile' ? recordMobileViews(page, mobileSeen) : undefined;
  await cutConnection(page, cell.fault);
  await page.goto(`${shop.base}/`);
  await page.selectOption('#provider', cell.provider);
  await page.selectOption('#pay-method', cell.method);
  await page.selectOption('#flow', cell.flow);
  if (cell.fault === 'forgery' || cell.fault === 'tampered') await page.selectOption('#tamper', cell.fault === 'forgery' ? 'bypass' : 'amount');
  await page.click('#pay');
  const button = (mobile ? page : page.frameLocator(WINDOW[cell.provider])).locator(CHOICE[cell.fault](cell));
  await button.waitFor();
  const merchantUid = await shop.latestOrderUid();
  if (cell.fault === 'duplicate') {
    // the buyer already paid this order in another tab
    const other = await shop.control.createPayment({ merchant_uid: merchantUid, amount: 12_900 });
    await shop.complete(other.imp_uid, merchantUid);
  }
  if (cell.fault === 'psp-down' && cell.provider === 'portone') {
    // V2's first webhooks (Ready, Paid or VirtualAccountIssued) come after the browser's own reads have met the faults
    await shop.portone.injectWebhookFault({ kind: 'delay', count: 2, ms: 4000 });
    await shop.portone.injectFault({ kind: '5xx', count: 12, endpoint: 'getPayment' });
  }
  if (cell.fault === 'psp-down' && cell.provider === 'iamport') await shop.control.injectFault({ kind: '5xx', count: 12, endpoint: 'payments.get' });
  await button.click();
  if (mobile) await settleMobile(page, shop, merchantUid, mobile.failedUrl, expected);
  else await settlePc(page, expected);
  await mobile?.done();
  const seen = mobile ? mobileSeen : ((await page.evaluate('window.__seen')) as string[]);
  return { merchantUid, seen, text: await page.innerText('body'), page };
}

/** Waits for what should come; if it never does, the test's assertions say what was shown instead. */
const shown = (waiting: Promise<unknown>) => waiting.catch(() => undefined);

async function settlePc(page: Page, expected: Expected): Promise<void> {
  if (expected.deposit) await shown(page.click('#result[data-outcome="awaiting_deposit"] #deposit', { timeout: 20_000 }));
  await shown(page.waitForSelector(`#result[data-outcome="${expected.settled}"]`, { timeout: 20_000 }));
}

async function settleMobile(page: Page, shop: SandboxShop, merchantUid: string, failedUrl: () => string | undefined, expected: Expected): Promise<void> {
  if (expected.first === 'network_error') {
    const url = await eventually(async () => failedUrl(), 10_000, 'the failed navigation');
    // the webhook settles the order meanwhile; then the buyer reloads
    await eventually(async () => (await shop.order(merchantUid)).status !== 'pending', 15_000, 'the order to settle');
    await page.goto(url);
  }
  if (expected.deposit && (await shown(page.waitForSelector('main[data-result="awaiting_deposit"]', { timeout: 20_000 })))) {
    const order = await shop.order(merchantUid);
    if (order.provider === 'portone') await shop.portone.deposit(order.payment_id!);
    else await shop.control.deposit(order.imp_uid!);
  }
  await shown(page.waitForSelector(`main[data-result="${expected.settled}"]`, { timeout: 20_000 }));
}
