import net from 'node:net';
import type { Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { sandboxPlugin } from '../../src/sandbox/plugin.js';
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

export interface SandboxShop {
  base: string;
  control: SandboxControl;
  /** the order as the internal API shows it */
  order(merchantUid: string): Promise<{ merchant_uid: string; status: string; paid_amount: number; imp_uid: string | null }>;
  /** the newest order, which the demo page created */
  latestOrderUid(): Promise<string>;
  /** the browser's callback, as another tab of the same buyer would send it */
  complete(impUid: string, merchantUid: string): Promise<number>;
}

/**
 * The service as `npm start` runs it in sandbox mode (demo page, simulator and API on one port), with i'mport's webhook
 * retried every 300 ms instead of every minute and no sweeper, so whatever settles an order is the webhook or the page.
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
  await app.listen({ port, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const internal = { authorization: `Bearer ${TEST_API_KEY}` };
  return {
    base,
    control: new SandboxControl(`${base}/sandbox/iamport`),
    order: async (merchantUid) => (await fetch(`${base}/orders/${merchantUid}`, { headers: internal })).json() as never,
    latestOrderUid: async () => (await database.db.selectFrom('orders').select('merchant_uid').orderBy('created_at', 'desc').executeTakeFirstOrThrow()).merchant_uid,
    complete: async (impUid, merchantUid) => {
      const body = JSON.stringify({ imp_uid: impUid, merchant_uid: merchantUid });
      return (await fetch(`${base}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).status;
    },
  };
}
