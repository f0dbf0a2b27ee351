import Fastify from 'fastify';
import type { Test } from 'tap';
import type { DatabaseHandle } from '../../src/db/connect.js';
import { PortOneSandboxControl } from '../../src/sandbox/portone/control-client.js';
import { PORTONE_SANDBOX, type PortOneSandboxCredentials } from '../../src/sandbox/portone/credentials.js';
import { portOneSandboxPlugin } from '../../src/sandbox/portone/plugin.js';

export interface PortOneSandboxHandle {
  /** the REST base URL, as the V2 client's apiUrl */
  url: string;
  credentials: PortOneSandboxCredentials;
  control: PortOneSandboxControl;
  close(): Promise<void>;
}

/**
 * The V2 simulator in its own fastify instance on a loopback port. Its webhook retries wait 1, 4, 16, 64 and 256 ms
 * (PortOne's minutes, scaled) unless told otherwise. `prefix: ''` serves it at the root, as PortOne's own server SDK
 * needs (it resolves its paths against the origin).
 */
export async function startPortOneSandbox(
  t: Test,
  database: DatabaseHandle,
  options: { webhookUrl?: string; webhookRetryScale?: number; prefix?: string } = {},
): Promise<PortOneSandboxHandle> {
  const prefix = options.prefix ?? '/sandbox/portone';
  const app = Fastify();
  await app.register(portOneSandboxPlugin, {
    prefix,
    db: database.db,
    webhookUrl: options.webhookUrl,
    webhookRetryScale: options.webhookRetryScale ?? 1 / 60_000,
  });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const url = `${origin}${prefix}`;
  return { url, credentials: PORTONE_SANDBOX, control: new PortOneSandboxControl(url), close: () => app.close() };
}
