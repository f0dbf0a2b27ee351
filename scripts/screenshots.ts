// `npm run screenshots`: starts the service in sandbox mode on a PostgreSQL of its own (as `npm test` finds one), plays
// "the customer says they paid twice" and a refund i'mport refuses, then photographs the console in Debian's chromium:
// docs/console-order-timeline.png and docs/console-attention.png.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import net from 'node:net';
import { chromium } from 'playwright-core';
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
const API_KEY = `sk_screenshots_${randomBytes(12).toString('hex')}`;

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

/** Paid twice, the duplicate refunded on its own, i'mport's webhook, then an operator's partial refund. */
async function playScenario(shop: Shop): Promise<string> {
  const buyer = { name: '김지수', email: 'jisu.kim@example.com' };
  const { merchantUid, first } = await paidTwice(shop, 39_000, '린넨 셔츠 Linen shirt x1', buyer);
  await shop.control.sendWebhook(first);
  await refundNeedingOperator(shop, 12_900, '한정판 머그컵 x1');
  const refund = await shop.api('POST', `/orders/${merchantUid}/cancel`, { reason: '단추 하나 누락 one button missing', amount: 5_000 }, { 'idempotency-key': 'screenshot-1' });
  if (refund.status !== 200) throw new Error(`refund failed: ${JSON.stringify(refund.body)}`);
  await eventually(async () => {
    const timeline = await shop.api('GET', `/orders/${merchantUid}/timeline`);
    return timeline.body.items.filter((e: { kind: string }) => e.kind === 'webhook').length >= 2;
  }, 15_000, "i'mport's webhooks");
  return merchantUid;
}

async function photograph(base: string, merchantUid: string): Promise<void> {
  await ensureChromium();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.goto(`${base}/console`);
    await page.fill('#api-key', API_KEY);
    await page.click('#sign-in-button');
    await page.waitForSelector('#orders-body tr');
    await page.goto(`${base}/console#/order/${merchantUid}`);
    await page.waitForSelector('#timeline li');
    await page.screenshot({ path: new URL('console-order-timeline.png', DOCS).pathname, fullPage: true });
    await page.goto(`${base}/console#/attention`);
    await page.waitForSelector('#needs-operator tbody tr');
    await page.screenshot({ path: new URL('console-attention.png', DOCS).pathname, fullPage: true });
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
  const config = loadConfig({ LOG_LEVEL: 'silent', RECONCILE_INTERVAL_MS: '0', API_KEYS: API_KEY, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url });
  const app = await buildApp({ config, database });
  await mountSandbox(app, { database, config });
  const base = await app.listen({ port, host: '127.0.0.1' });
  try {
    const merchantUid = await playScenario(shopOf(base));
    await mkdir(DOCS, { recursive: true });
    await photograph(base, merchantUid);
    process.stdout.write('wrote docs/console-order-timeline.png and docs/console-attention.png\n');
  } finally {
    await app.close();
    await database.close();
  }
} finally {
  await server.stop();
}
