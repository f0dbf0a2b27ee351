import type { FastifyInstance } from 'fastify';
import { fail } from './attempts.js';
import { cancelPayment, type CancelOutcome } from './cancel.js';
import type { PortOneDeps } from './deps.js';
import { FORBIDDEN, invalidRequest, isRefusal, NOT_FOUND, refusal, sendRefusal, type Refusal } from './errors.js';
import { eventOf } from './events.js';
import { guarded } from './guard.js';
import { wasPaid } from './model.js';
import { cancelBody, describeIssues, preRegisterBody } from './rest-inputs.js';

type Params = { paymentId: string };
const now = () => new Date().toISOString();
/** the failure a closed account shows; the console shows such payments as "결제실패 / 계좌말소" (release note 2024) */
export const ACCOUNT_CLOSED = '가상계좌 말소';

/** Pre-registration, cancel and virtual-account close (reference: preRegisterPayment, cancelPayment, closeVirtualAccount). */
export async function writeRoutes(app: FastifyInstance, { store, state, webhooks, credentials }: PortOneDeps): Promise<void> {
  const { apiSecret } = credentials;

  // a second pre-registration replaces the first; an empty one pins nothing (fact sheet §13.3, the simulator's choice)
  app.post('/payments/:paymentId/pre-register', guarded(state, 'preRegisterPayment', apiSecret), async (request, reply) => {
    const parsed = preRegisterBody.safeParse(request.body ?? {});
    if (!parsed.success) return invalidRequest(reply, describeIssues(parsed.error));
    const { storeId, ...pinned } = parsed.data;
    if (storeId !== undefined && storeId !== credentials.storeId) return sendRefusal(reply, FORBIDDEN);
    const { result } = await store.update<Refusal | undefined>(
      (request.params as Params).paymentId,
      (record) =>
        record!.attempts.some((attempt) => wasPaid(attempt.tx))
          ? { refusal: refusal('ALREADY_PAID', '이미 결제가 완료된 결제 건입니다.') }
          : { record: { ...record!, preRegistered: pinned }, result: undefined },
      true,
    );
    return result ? sendRefusal(reply, result) : {};
  });

  app.post('/payments/:paymentId/cancel', guarded(state, 'cancelPayment', apiSecret), async (request, reply) => {
    const parsed = cancelBody.safeParse(request.body ?? {});
    if (!parsed.success) return invalidRequest(reply, describeIssues(parsed.error));
    const body = parsed.data;
    if (body.storeId !== undefined && body.storeId !== credentials.storeId) return sendRefusal(reply, FORBIDDEN);
    const { result } = await store.update<CancelOutcome | Refusal>((request.params as Params).paymentId, (record) => {
      if (!record?.attempts.length) return { refusal: NOT_FOUND };
      const asked = { ...body, refundAccount: body.refundAccount !== undefined, trigger: 'API' as const, async: record.asyncCancels };
      const outcome = cancelPayment(record, asked, now());
      if (isRefusal(outcome)) return { refusal: outcome };
      return { record: { ...record, attempts: record.attempts.with(outcome.index, outcome.attempt) }, result: outcome };
    });
    if (isRefusal(result)) return sendRefusal(reply, result);
    // an asynchronous cancel announces the request; its outcome's webhook comes when it is carried out
    const requested = result.cancellation.status === 'REQUESTED';
    if (!body.skipWebhook) webhooks.send(eventOf(result.attempt, requested ? 'Transaction.CancelPending' : undefined, result.cancellation.id));
    return { cancellation: result.cancellation };
  });

  // the newest account still waiting for a deposit is closed: that attempt fails, and no webhook is sent
  app.post('/payments/:paymentId/virtual-account/close', guarded(state, 'closeVirtualAccount', apiSecret), async (request, reply) => {
    const storeId = (request.query as Record<string, unknown>).storeId;
    if (storeId !== undefined && storeId !== credentials.storeId) return sendRefusal(reply, FORBIDDEN);
    const closedAt = now();
    const { result } = await store.update<Refusal | undefined>((request.params as Params).paymentId, (record) => {
      if (!record?.attempts.length) return { refusal: NOT_FOUND };
      const index = record.attempts.findLastIndex((attempt) => attempt.tx.status === 'VIRTUAL_ACCOUNT_ISSUED');
      if (index < 0) return { refusal: refusal('PAYMENT_NOT_WAITING_FOR_DEPOSIT', '입금 대기 중인 가상계좌가 없습니다.') };
      const closed = fail(record.attempts[index]!, closedAt, { reason: ACCOUNT_CLOSED });
      return { record: { ...record, attempts: record.attempts.with(index, closed) }, result: undefined };
    });
    return result ? sendRefusal(reply, result) : { closedAt };
  });
}
