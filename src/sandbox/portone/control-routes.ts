import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { ACTIONS, completeCancel, createAttempt, issueCashReceipt, type Acted, type ControlResult } from './control-actions.js';
import {
  actionSchema,
  asyncCancelsSchema,
  completeCancelSchema,
  createSchema,
  faultSchema,
  overwriteSchema,
  webhookFaultSchema,
  webhookSchema,
  webhookUrlSchema,
} from './control-schemas.js';
import type { PortOneDeps } from './deps.js';
import { invalidRequest, isRefusal, NOT_FOUND, sendRefusal } from './errors.js';
import { eventOf } from './events.js';
import { shownAttempt, type PaymentRecord } from './model.js';
import { toPayment, toTransaction } from './render.js';
import { describeIssues } from './rest-inputs.js';

type Params = { paymentId: string; action: string };

function parse<T extends z.ZodType>(schema: T, body: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  void invalidRequest(reply, describeIssues(parsed.error));
  return undefined;
}

/** The control API's answer: the payment as GET answers it, the attempt acted on, and the cancellation if any. */
const answer = (acted: Acted) => ({
  payment: toPayment(acted.record),
  transaction: toTransaction(acted.attempt),
  ...(acted.cancellation ? { cancellation: acted.cancellation } : {}),
});

/** The test and demo control API of the V2 simulator, under /__control. No secret; never mounted outside sandbox mode. */
export async function controlRoutes(app: FastifyInstance, deps: PortOneDeps): Promise<void> {
  const { store, webhooks, credentials } = deps;

  /** Applies `act` to the payment under its lock; answers its refusal, or the outcome after sending its webhook. */
  async function change(reply: FastifyReply, paymentId: string, act: (record: PaymentRecord) => ControlResult, options: { webhook?: boolean; create?: boolean } = {}) {
    const { result } = await store.update<ControlResult>(
      paymentId,
      (record) => {
        if (!record && !options.create) return { refusal: NOT_FOUND };
        const outcome = act(record!);
        return typeof outcome === 'string' || isRefusal(outcome) ? { refusal: outcome } : { record: outcome.record, result: outcome };
      },
      options.create,
    );
    if (typeof result === 'string') return reply.status(409).send({ type: 'CONTROL_REFUSED', message: result });
    if (isRefusal(result)) return sendRefusal(reply, result);
    if (result.event && options.webhook !== false) webhooks.send(result.event);
    return answer(result);
  }

  app.post('/__control/payments', async (request, reply) => {
    const input = parse(createSchema, request.body, reply);
    if (!input) return reply;
    const answered = await change(reply, input.paymentId, (record) => createAttempt(record, input, credentials), { create: true, webhook: input.webhook === true });
    return reply.sent ? reply : reply.status(201).send(answered);
  });

  app.post('/__control/payments/:paymentId/async-cancels', async (request, reply) => {
    const body = parse(asyncCancelsSchema, request.body, reply);
    if (!body) return reply;
    const { paymentId } = request.params as Params;
    const { refused } = await store.update(paymentId, (record) => (record ? { record: { ...record, asyncCancels: body.enabled }, result: true } : { refusal: false }));
    return refused ? sendRefusal(reply, NOT_FOUND) : { paymentId, asyncCancels: body.enabled };
  });

  app.post('/__control/payments/:paymentId/complete-cancel', async (request, reply) => {
    const body = parse(completeCancelSchema, request.body, reply);
    if (!body) return reply;
    return change(reply, (request.params as Params).paymentId, (record) => completeCancel(record, body), { webhook: body.webhook });
  });

  app.post('/__control/payments/:paymentId/cash-receipt', async (request, reply) => change(reply, (request.params as Params).paymentId, issueCashReceipt));

  app.post('/__control/payments/:paymentId/overwrite', async (request, reply) => {
    const body = parse(overwriteSchema, request.body, reply);
    if (!body) return reply;
    const patch = body.fields && (Object.keys(body.fields).length || body.remove.length) ? body : undefined;
    const { record } = await store.update((request.params as Params).paymentId, (found) =>
      found?.attempts.length ? { record: { ...found, answerPatch: patch }, result: true } : { refusal: false },
    );
    return record ? toPayment(record) : sendRefusal(reply, NOT_FOUND);
  });

  app.post('/__control/payments/:paymentId/webhook', async (request, reply) => {
    const body = parse(webhookSchema, request.body, reply);
    if (!body) return reply;
    const record = await store.get((request.params as Params).paymentId);
    const attempt = body.transactionId ? record?.attempts.find((a) => a.tx.id === body.transactionId) : record && shownAttempt(record);
    if (!attempt) return sendRefusal(reply, NOT_FOUND);
    const { type, cancellationId, ...options } = body;
    webhooks.send(eventOf(attempt, type, cancellationId), options);
    return reply.status(202).send({ queued: true });
  });

  app.post('/__control/payments/:paymentId/:action', async (request, reply) => {
    const { paymentId, action } = request.params as Params;
    const act = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
    if (!act) return reply.status(404).send({ type: 'UNSUPPORTED_BY_SANDBOX', message: `unknown control action ${action}` });
    const body = parse(actionSchema, request.body, reply);
    if (!body) return reply;
    return change(reply, paymentId, (record) => act(record, body), { webhook: body.webhook });
  });

  app.delete('/__control/pre-registered/:paymentId', async (request, reply) => {
    const { refused } = await store.update((request.params as Params).paymentId, (record) =>
      record?.preRegistered ? { record: { ...record, preRegistered: undefined }, result: true } : { refusal: false },
    );
    return refused ? reply.status(404).send({ type: 'PAYMENT_NOT_FOUND', message: 'nothing is pre-registered for this paymentId' }) : { ok: true };
  });

  controlPlumbing(app, deps);
}

/** Faults, counters, webhook routing and reset. */
function controlPlumbing(app: FastifyInstance, { state, webhooks }: PortOneDeps): void {
  app.post('/__control/faults', async (request, reply) => {
    const fault = parse(faultSchema, request.body, reply);
    if (!fault) return reply;
    state.faults.push({ kind: fault.kind, remaining: fault.count, ms: fault.ms, endpoint: fault.endpoint });
    return reply.status(201).send({ faults: state.faults });
  });

  app.post('/__control/webhook-faults', async (request, reply) => {
    const fault = parse(webhookFaultSchema, request.body, reply);
    if (!fault) return reply;
    webhooks.faults.push({ kind: fault.kind, remaining: fault.count, ms: fault.ms });
    return reply.status(201).send({ faults: webhooks.faults });
  });

  app.get('/__control/counters', async () => Object.fromEntries(state.counters));

  app.post('/__control/reset', async () => {
    state.reset();
    webhooks.faults = [];
    return { ok: true };
  });

  app.get('/__control/webhooks', async () => ({ pending: webhooks.pending }));

  app.put('/__control/webhook-url', async (request, reply) => {
    const body = parse(webhookUrlSchema, request.body, reply);
    if (!body) return reply;
    webhooks.defaultUrl = body.url;
    return { url: webhooks.defaultUrl ?? null };
  });
}
