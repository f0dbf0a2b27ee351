import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { unstorable } from './inputs.js';

const UNSTORABLE = '요청에 처리할 수 없는 문자(U+0000 또는 짝이 없는 surrogate)가 포함되어 있습니다.';

/** The payment window's own answer shape ({rsp}), for routes that mark it in their config. */
function answersRsp(request: FastifyRequest): boolean {
  return (request.routeOptions.config as { rsp?: boolean } | undefined)?.rsp === true;
}

function refusal(request: FastifyRequest, reply: FastifyReply, status: number, message: string) {
  if (answersRsp(request)) return reply.status(status).send({ rsp: { success: false, error_code: `F${status}`, error_msg: message } });
  return reply.status(status).send({ code: -1, message, response: null });
}

/** Input that would fail in PostgreSQL is refused before any handler runs, wherever in the request it hides. */
export async function refuseUnstorable(request: FastifyRequest, reply: FastifyReply) {
  if (unstorable(request.params) || unstorable(request.query) || unstorable(request.body)) return refusal(request, reply, 400, UNSTORABLE);
}

/**
 * Errors answer in i'mport's envelope, never fastify's shape; a 5xx never carries the error's own text (a
 * PostgreSQL message, a stack), which is logged instead.
 */
export function sandboxErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  if (status === 500) request.log.error({ err: error }, 'sandbox: unexpected error');
  return refusal(request, reply, status, status === 500 ? '일시적인 오류가 발생했습니다.' : error.message);
}
