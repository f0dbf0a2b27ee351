// `npm run screenshots`, and nothing else, redraws the console's pictures in docs/ that README's "Operator console" shows:
// it starts the service in sandbox mode on a PostgreSQL of its own (as `npm test` finds one), with event pushes to a
// receiver that is down, plays "the customer says they paid twice" and a refund i'mport refuses, then photographs the
// console in Debian's chromium. Tests never write into docs/.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { chromium, type Page } from 'playwright-core';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { connectDatabase } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { SandboxControl } from '../src/sandbox/control-client.js';
import { mountSandbox } from '../src/sandbox/mount.js';
import { CHROMIUM, CHROMIUM_ARGS, ensureChromium } from '../test/helpers/browser.js';
import { eventually, paidTwice, refundNeedingOperator, type Shop } from '../test/helpers/scenarios.js';
import { startTestServer } from './test-database.js';

const DOCS = new URL('../docs/', import.meta.url);
const API_KEY = `sk_screenshots_${randomBytes(16).toString('hex')}`;
const PICTURES = ['console-order-timeline.png', 'console-finish-refund.png', 'console-attention.png', 'console-phone.png'];

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function createDatabase(adminUrl: string): Promise<string> {
  const name = `screenshots_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function shopOf(base: string): Shop {
  const send = async (method: string, path: string, body: unknown, headers: Record<string, string>) => {
    const response = await fetch(base + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    control: new SandboxControl(`${base}/sandbox/iamport`),
    api: (method, path, body, headers = {}) => send(method, path, body, { authorization: `Bearer ${API_KEY}`, ...headers }),
    post: (path, body) => send('POST', path, body, {}),
  };
}

/** Paid twice, the duplicate refunded on its own, i'mport's webhook, an operator's partial refund; and a refund refused. */
async function playScenario(shop: Shop): Promise<{ paidTwice: string; stuck: string }> {
  const buyer = { name: '김지수', email: 'jisu.kim@example.com' };
  const { merchantUid, first } = await paidTwice(shop, 39_000, '린넨 셔츠 Linen shirt x1', buyer);
  await shop.control.sendWebhook(first);
  const stuck = await refundNeedingOperator(shop, 12_900, '한정판 머그컵 x1');
  const refund = await shop.api('POST', `/orders/${merchantUid}/cancel`, { reason: '단추 하나 누락 one button missing', amount: 5_000 }, { 'idempotency-key': 'screenshot-1' });
  if (refund.status !== 200) throw new Error(`refund failed: ${JSON.stringify(refund.body)}`);
  await eventually(async () => {
    const timeline = await shop.api('GET', `/orders/${merchantUid}/timeline`);
    return timeline.body.items.filter((e: { kind: string }) => e.kind === 'webhook').length >= 2;
  }, 15_000, "i'mport's webhooks");
  await eventually(async () => (await shop.api('GET', '/attention')).body.pushes.events > 0, 15_000, 'a failing push');
  return { paidTwice: merchantUid, stuck: stuck.merchantUid };
}

async function signIn(page: Page, base: string): Promise<void> {
  await page.goto(`${base}/console`);
  await page.fill('#api-key', API_KEY);
  await page.click('#sign-in-button');
  await page.waitForSelector('#orders-body tr');
}

async function photograph(base: string, orders: { paidTwice: string; stuck: string }): Promise<void> {
  await ensureChromium();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const shoot = (page: Page, name: string, fullPage = true) => page.screenshot({ path: new URL(name, DOCS).pathname, fullPage });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await signIn(page, base);
    await page.goto(`${base}/console#/order/${orders.paidTwice}`);
    await page.waitForSelector('#timeline li');
    await shoot(page, 'console-order-timeline.png');
    await page.goto(`${base}/console#/order/${orders.stuck}`);
    await page.waitForSelector('#timeline button.finish');
    await page.click('#timeline button.finish');
    await page.waitForSelector('#refund-bank option[value="04"]', { state: 'attached' });
    await page.fill('#refund-holder', '김지수');
    await page.selectOption('#refund-bank', '04');
    await page.fill('#refund-account', '123-456-789012');
    await shoot(page, 'console-finish-refund.png', false);
    await page.click('#confirm-cancel');
    await page.goto(`${base}/console#/attention`);
    await page.waitForSelector('#inbox-refunds tbody tr');
    await shoot(page, 'console-attention.png');
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await signIn(phone, base);
    await phone.goto(`${base}/console#/order/${orders.stuck}`);
    await phone.waitForSelector('#timeline li');
    await shoot(phone, 'console-phone.png', false);
  } finally {
    await browser.close();
  }
}

const server = await startTestServer();
try {
  const url = await createDatabase(server.adminUrl);
  const database = connectDatabase(url);
  await migrateToLatest(database.db);
  const port = await freePort();
  // pushes go to a port nothing listens on: the inbox has a failing endpoint to show
  const pushes = { EVENT_WEBHOOK_URL: 'http://127.0.0.1:9/shop/events', EVENT_WEBHOOK_SECRET: `whsec_${randomBytes(32).toString('base64')}` };
  const config = loadConfig({ LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: '0', API_KEYS: `ops.kim:${API_KEY}`, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url, ...pushes });
  const app = await buildApp({ config, database });
  await mountSandbox(app, { database, config });
  const base = await app.listen({ port, host: '127.0.0.1' });
  try {
    const orders = await playScenario(shopOf(base));
    await mkdir(DOCS, { recursive: true });
    await photograph(base, orders);
    process.stdout.write(`wrote ${PICTURES.map((name) => `docs/${name}`).join(', ')}\n`);
  } finally {
    await app.close();
    await database.close();
  }
} finally {
  await server.stop();
}
