import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { unauthorized } from './envelope.js';
import type { Endpoint, SandboxState } from './state.js';

/** requests whose answer a `lost` fault swallows */
const lost = new WeakSet<FastifyRequest>();

function destroyConnection(request: FastifyRequest): void {
  request.raw.socket.destroy();
}

/**
 * i'mport takes the token in `Authorization` (optionally `Bearer `) or in `X-ImpTokenHeader`, which older official
 * clients send (iamport/iamport-rest-client-python, client.py get_headers).
 */
function presentsToken(state: SandboxState, request: FastifyRequest): boolean {
  const legacy = request.headers['x-imptokenheader'];
  return state.validToken(request.headers.authorization) || state.validToken(typeof legacy === 'string' ? legacy : undefined);
}

/**
 * Route options for one REST endpoint: counts the call, applies an armed fault and checks the token (all but
 * getToken). A `reset` hijacks the reply before the handler, so nothing is carried out; a `lost` lets the handler
 * run and commit, then destroys the connection in place of the answer.
 */
export function guarded(state: SandboxState, endpoint: Endpoint, authenticated = true): RouteShorthandOptions {
  return {
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      state.count(endpoint);
      const fault = state.takeFault(endpoint);
      if (fault?.kind === 'reset') {
        reply.hijack();
        return destroyConnection(request);
      }
      if (fault?.kind === 'hang') await sleep(fault.ms ?? 30_000);
      if (fault?.kind === '5xx') return reply.status(503).send({ code: -1, message: 'Service Unavailable', response: null });
      if (fault?.kind === 'malformed') return reply.type('application/json').send('{"code":0,"response":{"imp_uid":');
      if (fault?.kind === 'lost') lost.add(request);
      if (authenticated && !presentsToken(state, request)) return unauthorized(reply);
    },
    onSend: async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      if (lost.has(request)) destroyConnection(request);
      return payload;
    },
  };
}
