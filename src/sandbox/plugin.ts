import type { FastifyInstance } from 'fastify';
import formbody from '@fastify/formbody';
import type { Kysely } from 'kysely';
import { migrateToLatest } from '../db/migrate.js';
import { checkoutRoutes } from './checkout-routes.js';
import { registerSandboxDocs } from './docs.js';
import { controlRoutes } from './control-routes.js';
import { refuseUnstorable, sandboxErrorHandler } from './edge.js';
import { restRoutes } from './rest-routes.js';
import { SandboxState } from './state.js';
import { SandboxStore } from './store.js';
import { WebhookSender } from './webhooks.js';

export interface SandboxOptions {
  db: Kysely<any>;
  credentials: { apiKey: string; apiSecret: string };
  /** where notifications go when a payment has no notice_url */
  webhookUrl?: string;
  /** the reference retries a minute apart; tests shorten it */
  webhookRetryDelayMs?: number;
}

/** The i'mport V1 simulator: REST API, browser checkout and a control API, state in schema iamport_sandbox. */
export async function sandboxPlugin(app: FastifyInstance, options: SandboxOptions): Promise<void> {
  await migrateToLatest(options.db, { folder: 'sandbox', schema: 'iamport_sandbox' });
  const store = new SandboxStore(options.db);
  const webhooks = new WebhookSender(options.webhookUrl, (impUid) => store.noticeUrl(impUid), options.webhookRetryDelayMs ?? 60_000, (line) => app.log.warn(line));
  const deps = { store, state: new SandboxState(), webhooks, credentials: options.credentials };
  app.addHook('onClose', async () => webhooks.close());
  await app.register(formbody);
  await registerSandboxDocs(app);
  // the simulator answers in i'mport's own envelope, not the service's error shape
  app.setErrorHandler(sandboxErrorHandler);
  app.addHook('preHandler', refuseUnstorable);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.slice(app.prefix.length).split('?')[0];
    const message = `i'mport sandbox does not support ${request.method} ${path} (샌드박스가 지원하지 않는 API입니다).`;
    return reply.status(404).send({ code: -1, message, response: null });
  });
  await restRoutes(app, deps);
  await controlRoutes(app, deps);
  await checkoutRoutes(app, deps);
}
