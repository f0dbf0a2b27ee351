import Fastify from 'fastify';
import type { Test } from 'tap';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { sandboxPlugin } from '../../src/sandbox/plugin.js';
import { PortOneSandboxControl } from '../../src/sandbox/portone/control-client.js';
import { portOneSandboxPlugin } from '../../src/sandbox/portone/plugin.js';

export type { Payment } from '../../src/sandbox/control-client.js';

export interface SandboxHandle {
  /** the REST base URL, as IAMPORT_API_URL */
  url: string;
  credentials: { apiKey: string; apiSecret: string };
  control: SandboxControl;
  /** the PortOne V2 simulator beside it, on the same server */
  portone: { url: string; control: PortOneSandboxControl };
  /** closes it now (it is closed at the test's end anyway) */
  close(): Promise<void>;
}

/**
 * The simulators (i'mport V1 and PortOne V2) in their own fastify instance on a loopback port, as the PSPs are separate
 * servers. V2's webhook retries wait 1, 4, 16, 64 and 256 ms (PortOne's minutes, scaled).
 */
export async function startSandbox(t: Test, database: DatabaseHandle, options: { webhookUrl?: string; webhookRetryDelayMs?: number } = {}): Promise<SandboxHandle> {
  const app = Fastify();
  await app.register(sandboxPlugin, {
    prefix: '/sandbox/iamport',
    db: database.db,
    credentials: SANDBOX_CREDENTIALS,
    webhookUrl: options.webhookUrl,
    webhookRetryDelayMs: options.webhookRetryDelayMs ?? 50,
  });
  await app.register(portOneSandboxPlugin, { prefix: '/sandbox/portone', db: database.db, webhookRetryScale: 1 / 60_000 });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const url = `${origin}/sandbox/iamport`;
  const portone = { url: `${origin}/sandbox/portone`, control: new PortOneSandboxControl(`${origin}/sandbox/portone`) };
  return { url, credentials: SANDBOX_CREDENTIALS, control: new SandboxControl(url), portone, close: () => app.close() };
}
