import type { FastifyInstance } from 'fastify';
import type { IamportPayment } from '../providers/iamport/schemas.js';
import { notFound, ok } from './envelope.js';
import { guarded } from './guard.js';
import { moveTo } from './payment-factory.js';
import { canCloseVbank, INICIS, unsupportedVbankClose } from './pg.js';
import type { RestDeps } from './deps.js';

interface Refusal {
  status: number;
  message: string;
}

/**
 * Why an account cannot be revoked (reference: revokeVbank, 400 when not a virtual account or not `ready`; an
 * unsupported PG is refused the same way, before any PG is asked). KG이니시스 refuses without its pg_api_key,
 * "hashData 불일치" (reference: pg_api_key); that is the PG's refusal, relayed as HTTP 200 with code ≠ 0 like any.
 */
function refusalOf(payment: IamportPayment, pgApiKey: unknown): Refusal | undefined {
  if (payment.pay_method !== 'vbank') return { status: 400, message: '가상계좌 결제건이 아닙니다.' };
  if (payment.status !== 'ready') return { status: 400, message: `입금대기(ready) 상태의 가상계좌가 아닙니다. (${payment.status})` };
  if (!canCloseVbank(payment.pg_provider)) return { status: 400, message: unsupportedVbankClose(payment.pg_provider) };
  if (payment.pg_provider === INICIS && (typeof pgApiKey !== 'string' || pgApiKey === '')) {
    return { status: 200, message: '[이니시스] hashData 불일치: pg_api_key가 누락되었거나 올바르지 않습니다.' };
  }
  return undefined;
}

/** DELETE /vbanks/{imp_uid}: closes an unpaid virtual account; nothing is refunded, since nothing was paid. */
export async function vbankRoutes(app: FastifyInstance, { store, state }: RestDeps): Promise<void> {
  app.delete('/vbanks/:imp_uid', guarded(state, 'vbanks.revoke'), async (request, reply) => {
    const { imp_uid } = request.params as { imp_uid: string };
    let refusal: Refusal | undefined;
    const result = await store.update(imp_uid, (payment) => {
      refusal = refusalOf(payment, (request.query as Record<string, unknown>).pg_api_key);
      return refusal ? refusal.message : moveTo(payment, 'cancelled');
    });
    if (!result) return notFound(reply, '존재하지 않는 결제정보입니다.');
    if ('refusal' in result) {
      const { status, message } = refusal!;
      return reply.status(status).send({ code: status === 200 ? 1 : -1, message, response: null });
    }
    return ok(reply, result.payment);
  });
}
