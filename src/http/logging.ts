import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { LoggerOptions } from 'pino';

/** Never log a secret, even by accident: these paths are censored wherever they appear in a log object. */
const REDACTED_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'imp_key',
  'imp_secret',
  'access_token',
  'card_number',
  'refund_account',
  'apiKey',
  'apiSecret',
  'password',
  '*.imp_key',
  '*.imp_secret',
  '*.access_token',
  '*.card_number',
  '*.refund_account',
  '*.apiKey',
  '*.apiSecret',
  '*.password',
  '*.*.imp_secret',
  '*.*.access_token',
  '*.*.card_number',
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      // pino's default err serializer keeps the stack for operators; responses never carry it
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: req.url, id: req.id }),
    },
  };
}

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's X-Request-Id when it is a plain token; anything else (markup, JSON, 10 KB) is never logged or echoed. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SAFE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** One line per request: method, route, status, duration and the request id. */
export function registerRequestLogging(app: FastifyInstance): void {
  // at warn or above these lines are dropped anyway: not even the hook runs
  if (!['trace', 'debug', 'info'].includes(app.log.level)) return;
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        url: request.url.split('?')[0],
        route: request.routeOptions.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        ip: request.ip,
      },
      'request',
    );
  });
}
