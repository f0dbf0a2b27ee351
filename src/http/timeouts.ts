import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { AppError } from '../errors.js';

/**
 * Node's own limits: headers within `timeoutMs` (a raw 408, then the connection is closed), and, as a backstop behind
 * the body limit below, the whole request within twice that. Node looks for late requests every `checkEveryMs`.
 */
export function serverTimeouts(timeoutMs: number): Pick<FastifyServerOptions, 'requestTimeout'> & { http: { headersTimeout: number; connectionsCheckingInterval: number } } {
  const checkEveryMs = Math.max(100, Math.min(1000, Math.floor(timeoutMs / 10)));
  return { requestTimeout: 2 * timeoutMs, http: { headersTimeout: timeoutMs, connectionsCheckingInterval: checkEveryMs } };
}

const hasBody = (headers: Record<string, unknown>) => Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;

/**
 * A body must arrive within `timeoutMs` of its headers. Answered here rather than by Node, so that the answer is the
 * service's JSON 408 and runs the route's hooks (a refused webhook delivery leaves a receipt); the connection is closed
 * after it, since the rest of the body would only keep it busy.
 */
export function registerBodyTimeout(app: FastifyInstance, timeoutMs: number): void {
  app.addHook('preParsing', async (request, reply, payload) => {
    if (request.raw.complete || !hasBody(request.headers)) return payload;
    const bounded = new PassThrough();
    const timer = setTimeout(() => {
      payload.unpipe(bounded);
      reply.header('connection', 'close');
      bounded.destroy(new AppError(408, 'request_timeout', `the request body did not arrive within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = () => clearTimeout(timer);
    // read in full, abandoned, or answered before it was read (e.g. a 413 from its content-length)
    payload.once('end', stop).once('close', stop);
    reply.raw.once('close', stop);
    return payload.pipe(bounded);
  });
}
