import { timingSafeEqual } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { refusal, sendRefusal } from './errors.js';
import type { Endpoint, PortOneSandboxState } from './state.js';

/** requests whose answer a `lost` fault swallows */
const lost = new WeakSet<FastifyRequest>();

/** `Authorization: PortOne <V2 API secret>` (reference: security scheme portOne); the scheme name is case-insensitive. */
function presentsSecret(request: FastifyRequest, secret: string): boolean {
  const match = /^PortOne\s+(.+)$/i.exec(request.headers.authorization ?? '');
  const presented = Buffer.from(match?.[1]?.trim() ?? '');
  const expected = Buffer.from(secret);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * Route options for one REST operation: counts the call, applies an armed fault and checks the secret. `reset` hijacks
 * the reply before the handler (nothing is carried out); `lost` lets the handler run and commit, then destroys the
 * connection in place of the answer.
 */
export function guarded(state: PortOneSandboxState, endpoint: Endpoint, secret: string): RouteShorthandOptions {
  return {
    onRequest: async (request: FastifyRequest, reply: FastifyReply) => {
      state.count(endpoint);
      const fault = state.takeFault(endpoint);
      if (fault?.kind === 'reset') {
        reply.hijack();
        return void request.raw.socket.destroy();
      }
      if (fault?.kind === 'hang') await sleep(fault.ms ?? 30_000);
      if (fault?.kind === '5xx') return reply.status(503).send({ type: 'SERVICE_UNAVAILABLE', message: 'Service Unavailable' });
      if (fault?.kind === 'malformed') return reply.type('application/json').send('{"type":"PAID","id":');
      if (fault?.kind === 'lost') lost.add(request);
      if (!presentsSecret(request, secret)) return sendRefusal(reply, refusal('UNAUTHORIZED', '인증 정보가 올바르지 않습니다.'));
      if (fault?.kind === 'pgError') {
        return sendRefusal(reply, refusal('PG_PROVIDER', 'PG사에서 오류를 전달했습니다.'), { pgCode: 'SANDBOX_PG_ERROR', pgMessage: '[샌드박스] PG사 일시 오류' });
      }
    },
    onSend: async (request: FastifyRequest, _reply: FastifyReply, payload: unknown) => {
      if (lost.has(request)) request.raw.socket.destroy();
      return payload;
    },
  };
}
