import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { AppError } from '../errors.js';
import { PUBLIC_STATUS } from './errors.js';

/**
 * What fastify and node answer on their own, before a route runs, in the service's one error shape. Such an answer
 * cannot know whether the request was for a public payment endpoint, so it carries the public `status` word too.
 */

/**
 * The router never refuses a path parameter for its length: node's 16 KiB limit on the request line and headers comes
 * first (a 431), and below it the route's own schema names the parameter and its limit (a 400).
 */
export const MAX_PARAM_LENGTH = 16 * 1024;

const edgeBody = (statusCode: number, error: string, message: string) =>
  JSON.stringify({ error, message, status: PUBLIC_STATUS[statusCode] ?? 'error' });

/** node's own refusals of a request it could not read: the route is unknown, so is the public status word. */
const CLIENT_ERRORS: Record<string, [number, string, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'timeout', 'the request did not arrive in time'],
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'the request line and headers are larger than 16 KiB'],
};

function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [statusCode, code, message] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'invalid', 'malformed HTTP request'];
  const body = edgeBody(statusCode, code, message);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${statusCode} ${STATUS_CODES[statusCode]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${randomUUID()}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** The router's refusals: a path whose percent-encoding is broken, or (beyond MAX_PARAM_LENGTH) a parameter too long. */
function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? `path: a parameter is longer than ${MAX_PARAM_LENGTH} characters`
      : error.code === 'FST_ERR_BAD_URL'
        ? 'path: not valid percent-encoded UTF-8'
        : 'internal error';
  const statusCode = error.code === 'FST_ERR_ASYNC_CONSTRAINT' ? 500 : 400;
  void reply
    .status(statusCode)
    .header('x-request-id', request.id)
    .type('application/json; charset=utf-8')
    .send(edgeBody(statusCode, statusCode === 400 ? 'invalid' : 'internal', message));
}

export const edgeOptions = {
  routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  clientErrorHandler,
  frameworkErrors,
} satisfies Partial<FastifyServerOptions>;

/**
 * Bodies are JSON: fastify's own text/plain parser would hand a route a string (a 400 where a body is expected, silence
 * where none is), so every other media type is a 415 on every route. And while the app closes, a request that still
 * arrives (pipelined, or on a busy keep-alive connection) is told to go elsewhere with a 503 in the error shape, instead
 * of fastify's own (return503OnClosing).
 */
export function registerEdge(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new AppError(503, 'unavailable', 'the service is shutting down: retry');
  });
}
