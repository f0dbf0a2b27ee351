import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../../db/migrate.js';
import { checkoutRoutes } from './checkout-routes.js';
import { controlRoutes } from './control-routes.js';
import { PORTONE_SANDBOX, type PortOneSandboxCredentials } from './credentials.js';
import { portOneEdge } from './edge.js';
import { readRoutes } from './rest-read.js';
import { writeRoutes } from './rest-write.js';
import { PortOneSandboxState } from './state.js';
import { PortOneSandboxStore } from './store.js';
import { PortOneWebhookSender } from './webhooks.js';

export interface PortOneSandboxOptions {
  db: Kysely<any>;
  /** default: PORTONE_SANDBOX */
  credentials?: PortOneSandboxCredentials;
  /** where webhooks go when an attempt has no noticeUrls (the console's webhook URL) */
  webhookUrl?: string;
  /** PortOne's retry backoff (1, 4, 16, 64, 256 minutes) times this; tests make it milliseconds */
  webhookRetryScale?: number;
}

/**
 * The PortOne V2 simulator: the REST operations the service uses, the browser SDK stand-in with its payment window,
 * signed webhooks and a control API; state in schema portone_sandbox.
 */
export async function portOneSandboxPlugin(app: FastifyInstance, options: PortOneSandboxOptions): Promise<void> {
  await migrateToLatest(options.db, { folder: 'sandbox-portone', schema: 'portone_sandbox' });
  const credentials = options.credentials ?? PORTONE_SANDBOX;
  const store = new PortOneSandboxStore(options.db);
  const webhooks = new PortOneWebhookSender(options.webhookUrl, credentials.storeId, credentials.webhookSecret, options.webhookRetryScale ?? 1, (line) =>
    app.log.warn(line),
  );
  const deps = { store, state: new PortOneSandboxState(), webhooks, credentials };
  app.addHook('onClose', async () => webhooks.close());
  portOneEdge(app);
  await readRoutes(app, deps);
  await writeRoutes(app, deps);
  await controlRoutes(app, deps);
  await checkoutRoutes(app, deps);
}
