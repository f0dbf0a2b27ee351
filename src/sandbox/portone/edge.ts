import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unstorable } from '../inputs.js';
import { invalidRequest } from './errors.js';

/**
 * Input that would fail in PostgreSQL (U+0000, a lone surrogate) is refused before any handler runs. The checkout
 * answers in the SDK's shape and parses on its own, so it is left alone here.
 */
async function refuseUnstorable(request: FastifyRequest, reply: FastifyReply) {
  if (request.url.includes('/__checkout')) return;
  if (unstorable(request.params) || unstorable(request.query) || unstorable(request.body)) {
    return invalidRequest(reply, '요청에 처리할 수 없는 문자(U+0000 또는 짝이 없는 surrogate)가 포함되어 있습니다.');
  }
}

/**
 * Errors in V2's shape: a body fastify could not read is INVALID_REQUEST (400, the only input error V2 documents); a
 * 5xx never carries the error's own text (a PostgreSQL message, a stack), which is logged instead.
 */
function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return invalidRequest(reply, error.message);
  request.log.error({ err: error }, 'portone sandbox: unexpected error');
  return reply.status(500).send({ type: 'INTERNAL_SERVER_ERROR', message: '일시적인 오류가 발생했습니다.' });
}

/**
 * The simulator's edge: V2's error shape, JSON bodies sent as text/plain too (PortOne's server SDK posts its JSON
 * without a content type, which fetch then labels text/plain), and unsupported operations named as such.
 */
export function portOneEdge(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? undefined : JSON.parse(body as string));
    } catch {
      done(Object.assign(new Error('the body is not JSON'), { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler(errorHandler);
  app.addHook('preHandler', refuseUnstorable);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.slice(app.prefix.length).split('?')[0];
    const message = `PortOne sandbox does not support ${request.method} ${path} (샌드박스가 지원하지 않는 API입니다).`;
    return reply.status(404).send({ type: 'UNSUPPORTED_BY_SANDBOX', message });
  });
}
