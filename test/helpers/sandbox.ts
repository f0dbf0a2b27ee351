import Fastify from 'fastify';
import type { Test } from 'tap';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { SandboxControl } from '../../src/sandbox/control-client.js';
import { sandboxPlugin } from '../../src/sandbox/plugin.js';

export type { Payment } from '../../src/sandbox/control-client.js';

export interface SandboxHandle {
  /** the REST base URL, as IAMPORT_API_URL */
  url: string;
  credentials: { apiKey: string; apiSecret: string };
  control: SandboxControl;
  /** closes it now (it is closed at the test's end anyway) */
  close(): Promise<void>;
}

/** The simulator in its own fastify instance on a loopback port, as i'mport is a separate server. */
export async function startSandbox(t: Test, database: DatabaseHandle, options: { webhookUrl?: string; webhookRetryDelayMs?: number } = {}): Promise<SandboxHandle> {
  const app = Fastify();
  await app.register(sandboxPlugin, {
    prefix: '/sandbox/iamport',
    db: database.db,
    credentials: SANDBOX_CREDENTIALS,
    webhookUrl: options.webhookUrl,
    webhookRetryDelayMs: options.webhookRetryDelayMs ?? 50,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const url = `${origin}/sandbox/iamport`;
  return { url, credentials: SANDBOX_CREDENTIALS, control: new SandboxControl(url), close: () => app.close() };
}
