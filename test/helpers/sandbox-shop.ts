import net from 'node:net';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { sandboxPlugin } from '../../src/sandbox/plugin.js';
import { PortOneSandboxControl } from '../../src/sandbox/portone/control-client.js';
import { portOneSandboxPlugin } from '../../src/sandbox/portone/plugin.js';
import { TEST_API_KEY, testConfig } from './app.js';
import { watchContract } from './contract-hook.js';
import { freshDatabase } from './database.js';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface ShopOrder {
  merchant_uid: string;
  status: string;
  paid_amount: number;
  provider: 'iamport' | 'portone';
  imp_uid: string | null;
  payment_id: string | null;
}

export interface SandboxShop {
  base: string;
  /** the i'mport (V1) simulator's control API */
  control: SandboxControl;
  /** the PortOne V2 simulator's control API */
  portone: PortOneSandboxControl;
  /** the order as the internal API shows it */
  order(merchantUid: string): Promise<ShopOrder>;
  /** the newest order, which the demo page created */
  latestOrderUid(): Promise<string>;
  /** the browser's callback, as another tab of the same buyer would send it */
  complete(impUid: string, merchantUid: string): Promise<number>;
}

/** PortOne retries a webhook after 1, 4, 16, … minutes; here those are 300 ms, 1.2 s, 4.8 s, … */
const PORTONE_RETRY_SCALE = 300 / 60_000;

/**
 * The service as `npm start` runs it in sandbox mode (demo page, both simulators and API on one port), with the
 * webhooks retried within a second instead of minutes and no sweeper, so whatever settles an order is a webhook or the
 * page.
 */
export async function startSandboxShop(t: Test): Promise<SandboxShop> {
  const database = await freshDatabase(t);
  const port = await freePort();
  const config = testConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_RATE_LIMIT: '100000' });
  const app = await buildApp({ config, database });
  watchContract(app, (problem) => t.fail(`contract: ${problem}`));
  const base = `http://127.0.0.1:${port}`;
  const { apiKey, apiSecret } = SANDBOX_CREDENTIALS;
  await app.register(sandboxPlugin, { prefix: '/sandbox/iamport', db: database.db, credentials: { apiKey, apiSecret }, webhookUrl: `${base}/webhooks/iamport`, webhookRetryDelayMs: 300 });
  await app.register(portOneSandboxPlugin, { prefix: '/sandbox/portone', db: database.db, webhookUrl: `${base}/webhooks/portone`, webhookRetryScale: PORTONE_RETRY_SCALE });
  await app.listen({ port, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const internal = { authorization: `Bearer ${TEST_API_KEY}` };
  return {
    base,
    control: new SandboxControl(`${base}/sandbox/iamport`),
    portone: new PortOneSandboxControl(`${base}/sandbox/portone`),
    order: async (merchantUid) => (await fetch(`${base}/orders/${merchantUid}`, { headers: internal })).json() as never,
    latestOrderUid: async () => (await database.db.selectFrom('orders').select('merchant_uid').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).merchant_uid,
    complete: async (impUid, merchantUid) => {
      const body = JSON.stringify({ imp_uid: impUid, merchant_uid: merchantUid });
      return (await fetch(`${base}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status;
    },
  };
}
