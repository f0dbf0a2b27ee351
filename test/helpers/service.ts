import type { Test } from 'tap';
import type { App } from '../../src/app.js';
import { PORTONE_SANDBOX_CREDENTIALS } from '../../src/config-psp.js';
import { SANDBOX_CREDENTIALS, type Config } from '../../src/config.js';
import { IamportClient } from '../../src/providers/iamport/client.js';
import type { Provider } from '../../src/settlement/model.js';
import { freshDatabase, type TestDatabase } from './database.js';
import { startSandbox, type SandboxHandle } from './sandbox.js';
import { startTestApp, TEST_API_KEY, testConfig } from './app.js';

/** The settings of an instance that serves PortOne V2 alone, in live mode (a test-channel payment is a forgery). */
export const PORTONE_ONLY_LIVE = {
  IAMPORT_SANDBOX: 'false',
  PORTONE_API_SECRET: PORTONE_SANDBOX_CREDENTIALS.apiSecret,
  PORTONE_WEBHOOK_SECRET: PORTONE_SANDBOX_CREDENTIALS.webhookSecret,
};

export interface Service {
  database: TestDatabase;
  sandbox: SandboxHandle;
  app: App;
  url: string;
  /** internal API call with the test API key */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** public call, no key */
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
  createOrder(amount: number, name?: string, provider?: Provider): Promise<any>;
  /** i'mport V1 (the simulator) read directly, as a test's own view of what the PSP holds */
  iamport: IamportClient;
}

export function sandboxConfig(sandbox: SandboxHandle, env: Record<string, string> = {}): Config {
  return testConfig({
    IAMPORT_SANDBOX: 'true',
    IAMPORT_API_URL: sandbox.url,
    PORTONE_API_URL: sandbox.portone.url,
    DEMO_PAGE: 'false',
    ...env,
  });
}

async function send(url: string, method: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A fresh database, the sandbox as i'mport (its webhooks pointed at the app), and the app on a loopback port. */
export async function startService(t: Test, env: Record<string, string> = {}): Promise<Service> {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { app, url } = await startTestApp(t, database, sandboxConfig(sandbox, env));
  await sandbox.control.setWebhookUrl(`${url}/webhooks/iamport`);
  await sandbox.portone.control.setWebhookUrl(`${url}/webhooks/portone`);
  const iamport = new IamportClient({ apiUrl: sandbox.url, ...SANDBOX_CREDENTIALS });
  t.teardown(() => iamport.close());
  const auth = { authorization: `Bearer ${TEST_API_KEY}` };
  const service: Service = {
    database,
    sandbox,
    app,
    url,
    api: (method, path, body, headers = {}) => send(url + path, method, body, { ...auth, ...headers }),
    post: (path, body) => send(url + path, 'POST', body, {}),
    iamport,
    createOrder: async (amount, name = 'T-shirt', provider) => {
      const created = await service.api('POST', '/orders', { amount, name, ...(provider ? { provider } : {}) });
      if (created.status !== 201) throw new Error(`order not created: ${created.status} ${JSON.stringify(created.body)}`);
      return created.body;
    },
  };
  return service;
}

export async function eventsOf(service: Service, merchantUid: string): Promise<string[]> {
  const rows = await service.database.db.selectFrom('order_events').select('type').where('merchant_uid', '=', merchantUid).orderBy('id').execute();
  return rows.map((row) => row.type);
}
