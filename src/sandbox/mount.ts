import type { FastifyInstance } from 'fastify';
import { SANDBOX_CREDENTIALS, type Config } from '../config.js';
import type { DatabaseHandle } from '../db/connect.js';
import { sandboxPlugin } from './plugin.js';
import { portOneSandboxPlugin } from './portone/plugin.js';

/** Mounts the i'mport simulator at /sandbox/iamport and the PortOne V2 one at /sandbox/portone (sandbox mode only). */
export async function mountSandbox(app: FastifyInstance, deps: { database: DatabaseHandle; config: Config }): Promise<void> {
  await app.register(sandboxPlugin, {
    prefix: '/sandbox/iamport',
    db: deps.database.db,
    credentials: SANDBOX_CREDENTIALS,
    webhookUrl: `${deps.config.publicBaseUrl}/webhooks/iamport`,
  });
  await app.register(portOneSandboxPlugin, {
    prefix: '/sandbox/portone',
    db: deps.database.db,
    webhookUrl: `${deps.config.publicBaseUrl}/webhooks/portone`,
  });
}
