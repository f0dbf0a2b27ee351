import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { registerErrorHandling } from './http/errors.js';
import { registerDocs } from './http/docs.js';
import { closeIdleConnectionsWhileClosing } from './http/shutdown.js';
import { edgeOptions, registerEdge } from './http/edge.js';
import { loggerOptions, registerRequestLogging, requestIdOf } from './http/logging.js';
import { createMetricsRegistry, registerMetrics, type MetricsRegistry } from './http/metrics.js';
import { registerMetricsAccess } from './http/metrics-access.js';
import { registerJsonDepthLimit } from './http/json-depth.js';
import { registerBodyTimeout, serverTimeouts } from './http/timeouts.js';
import { operationsRoutes } from './http/operations.js';
import { registerCallerIdentification, requireApiKey } from './http/auth.js';
import { ProviderRegistry } from './providers/registry.js';
import { eventDataOf } from './views/orders.js';
import { eventRoutes } from './events/routes.js';
import { refundRoutes } from './orders/refund-routes.js';
import { orderRoutes } from './orders/routes.js';
import type { MoneyDeps } from './settlement/deps.js';
import { paymentRoutes } from './payments/routes.js';
import { resultPageRoutes } from './payments/result-routes.js';
import { OrderWatch } from './payments/order-watch.js';
import { orderStatusRoutes } from './payments/status-routes.js';
import { checkoutKitRoutes } from './payments/kit-routes.js';
import { iamportWebhookRoutes } from './webhooks/iamport-routes.js';
import { portoneWebhookRoutes } from './webhooks/portone-routes.js';
import { registerSweeper } from './reconcile/sweeper.js';
import { registerIdempotency } from './http/idempotency.js';
import { registerRateLimits } from './http/rate-limit.js';
import { registerSecurity } from './http/security.js';
import { demoRoutes } from './demo/routes.js';
import { registerOutboundEvents } from './webhooks/outbound.js';
import { registerAuditRetention } from './jobs/audit-retention.js';
import { BusinessMetrics } from './http/business-metrics.js';
import { registerDatabaseGauges } from './http/database-gauges.js';
import { consoleApiRoutes } from './console/routes.js';
import { consolePageRoutes } from './console/page-routes.js';
import { operatorRoutes } from './operators/routes.js';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** a pino logger to share (server.ts); tests may pass none and get one at config.logLevel */
  logger?: Logger;
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps & { metrics: MetricsRegistry; money: MoneyDeps };
  }
}

const BODY_LIMIT_BYTES = 64 * 1024;

/** Builds the HTTP app without side effects: nothing listens and nothing is queried until it is used. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app: App = Fastify({
    ...(deps.logger
      ? { loggerInstance: deps.logger as FastifyBaseLogger }
      : { logger: loggerOptions(deps.config.logLevel) }),
    // registerRequestLogging writes one line per request instead of fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    requestIdHeader: false,
    genReqId: requestIdOf,
    // a request arriving while closing gets the error shape (registerEdge), not fastify's own 503
    return503OnClosing: false,
    ...edgeOptions,
    forceCloseConnections: 'idle',
    trustProxy: trustProxy(deps.config.trustProxy),
    ...serverTimeouts(deps.config.requestTimeoutMs),
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const metrics = createMetricsRegistry();
  const business = new BusinessMetrics(metrics);
  const providers = ProviderRegistry.fromConfig(deps.config, { onCall: business.iamportCalled, onAnswer: business.iamportAnswered });
  const rules = { mode: deps.config.mode, autoCancelForgery: deps.config.autoCancelForgery };
  const pushEvents = deps.config.eventWebhook !== undefined;
  const money: MoneyDeps = { db: deps.database.db, pool: deps.database.pool, providers, rules, pushEvents, eventData: eventDataOf, log: app.log, observe: business };
  app.decorate('deps', { ...deps, metrics, money });
  app.addHook('onClose', () => providers.close());
  app.addHook('onRequest', async (request, reply) => void reply.header('x-request-id', request.id));

  registerErrorHandling(app);
  registerEdge(app);
  registerJsonDepthLimit(app);
  registerBodyTimeout(app, deps.config.requestTimeoutMs);
  closeIdleConnectionsWhileClosing(app);
  registerRequestLogging(app);
  await app.register(fastifyHelmet, { contentSecurityPolicy: false, global: true });
  // in this order: who calls, how often, then whether they may (so refusals are counted too)
  registerCallerIdentification(app, deps.config.apiKeys);
  await registerRateLimits(app, deps.database.db, deps.config);
  await registerSecurity(app, deps.config);
  registerMetricsAccess(app, deps.config.metricsAllow);
  await registerMetrics(app, app.deps.metrics);
  registerDatabaseGauges(metrics, deps.database.db, Boolean(deps.config.eventWebhook), app.log);
  await registerDocs(app);
  await app.register(operationsRoutes, { db: deps.database.db });
  registerIdempotency(app, deps.database.db);
  await app.register(internalApi(deps, money, business));
  await app.register(consolePageRoutes);
  const { publicBaseUrl } = deps.config;
  await app.register(paymentRoutes, { deps: money, publicBaseUrl });
  await app.register(resultPageRoutes, { deps: money });
  const watch = new OrderWatch(deps.database.db, app.log);
  app.addHook('preClose', async () => watch.close());
  await app.register(orderStatusRoutes, { deps: money, watch });
  await app.register(checkoutKitRoutes);
  await app.register(iamportWebhookRoutes, { deps: money, auditPool: deps.database.auditPool });
  const v2Secrets = deps.config.portone?.webhookSecrets ?? [];
  await app.register(portoneWebhookRoutes, { deps: money, auditPool: deps.database.auditPool, secrets: v2Secrets, perMinute: deps.config.internalRateLimit });
  if (deps.config.demoPage) await app.register(demoRoutes, { config: deps.config, deps: money });
  registerOutboundEvents(app, deps.database.db, deps.config.eventWebhook);
  registerAuditRetention(app, deps.database.db, deps.config.auditRetentionDays);
  registerSweeper(app, money, {
    intervalMs: deps.config.reconcileIntervalMs,
    minAgeMs: deps.config.reconcileMinAgeMs,
    paidIntervalMs: deps.config.reconcilePaidIntervalMs,
  });
  return app;
}

/** The internal API: every route in this scope needs `Authorization: Bearer <API key>`. */
function internalApi(deps: AppDeps, money: MoneyDeps, business: BusinessMetrics) {
  return async (scope: App) => {
    scope.addHook('onRequest', requireApiKey);
    await scope.register(orderRoutes, { deps: money, publicBaseUrl: deps.config.publicBaseUrl, defaultProvider: deps.config.defaultProvider });
    await scope.register(refundRoutes, { db: deps.database.db });
    await scope.register(eventRoutes, { db: deps.database.db });
    await scope.register(consoleApiRoutes, { deps: money, business, config: deps.config });
    await scope.register(operatorRoutes, { deps: money, config: deps.config });
  };
}

/** A hop count trusts that many proxies in front of us; a list trusts those addresses; never anyone's header. */
function trustProxy(setting: Config['trustProxy']): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  return setting ? [...setting] : false;
}
