import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyHelmet from '@fastify/helmet';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import type { DatabaseHandle } from './db/connect.js';
import { registerErrorHandling } from './http/errors.js';
import { registerDocs } from './http/docs.js';
import { loggerOptions, registerRequestLogging } from './http/logging.js';
import { createMetricsRegistry, registerMetrics, type MetricsRegistry } from './http/metrics.js';
import { operationsRoutes } from './http/operations.js';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** a pino logger to share (server.ts); tests may pass none and get one at config.logLevel */
  logger?: Logger;
}

export type App = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps & { metrics: MetricsRegistry };
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
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', { ...deps, metrics: createMetricsRegistry() });
  app.addHook('onRequest', async (request, reply) => void reply.header('x-request-id', request.id));

  registerErrorHandling(app);
  registerRequestLogging(app);
  await app.register(fastifyHelmet, { contentSecurityPolicy: false, global: true });
  await registerMetrics(app, app.deps.metrics);
  await registerDocs(app);
  await app.register(operationsRoutes, { db: deps.database.db });
  return app;
}
