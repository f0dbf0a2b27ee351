import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { IamportPayment } from '../iamport/schemas.js';
import { applyCancel } from './cancel.js';
import { moveTo, type NewPayment } from './payment-factory.js';
import type { RestDeps } from './rest-routes.js';
import { ENDPOINTS, FAULT_KINDS } from './state.js';
import type { WebhookOptions } from './webhooks.js';

const faultSchema = z.object({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).default(1),
  ms: z.number().int().min(0).max(600_000).optional(),
  endpoint: z.enum(ENDPOINTS).optional(),
});

type Action = (payment: IamportPayment, body: Record<string, unknown>) => IamportPayment | string;

/** State flips a PG or an operator would cause; a string result is a refusal. */
const actions: Record<string, Action> = {
  deposit: (p) => (p.status === 'ready' && p.pay_method === 'vbank' ? moveTo(p, 'paid') : 'only an unpaid virtual account can be deposited'),
  pay: (p) => (p.status === 'ready' || p.status === 'failed' ? moveTo(p, 'paid') : `cannot pay a ${p.status} payment`),
  fail: (p, body) => (p.status === 'ready' ? moveTo(p, 'failed', body.reason as string | undefined) : `cannot fail a ${p.status} payment`),
  cancel: (p, body) => {
    const result = applyCancel(p, { amount: body.amount as number | undefined, reason: (body.reason as string) ?? 'PG사 취소' });
    return result.ok ? result.payment : result.message;
  },
};

function missing(reply: FastifyReply) {
  return reply.status(404).send({ message: 'no such payment' });
}

/** The test and demo control API, under /__control. No token; never mounted outside sandbox mode. */
export async function controlRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  const { store, state, webhooks } = deps;

  app.post('/__control/payments', async (request, reply) => {
    const body = request.body as NewPayment & { webhook?: boolean };
    if (typeof body?.merchant_uid !== 'string' || !Number.isFinite(body.amount)) {
      return reply.status(400).send({ message: 'merchant_uid (string) and amount (number) are required' });
    }
    const payment = await store.create(body);
    if (body.webhook) webhooks.send(payment);
    return reply.status(201).send(payment);
  });

  app.post('/__control/payments/:imp_uid/:action', async (request, reply) => {
    const { imp_uid, action } = request.params as { imp_uid: string; action: string };
    const body = (request.body ?? {}) as Record<string, unknown>;
    const apply = actions[action];
    if (!apply) return reply.status(404).send({ message: `unknown action ${action}` });
    const result = await store.update(imp_uid, (payment) => apply(payment, body));
    if (!result) return missing(reply);
    if ('refusal' in result) return reply.status(409).send({ code: 1, message: result.refusal, response: null });
    if (body.webhook !== false) webhooks.send(result.payment);
    return result.payment;
  });

  app.post('/__control/payments/:imp_uid/webhook', async (request, reply) => {
    const payment = await store.get((request.params as { imp_uid: string }).imp_uid);
    if (!payment) return missing(reply);
    webhooks.send(payment, (request.body ?? {}) as WebhookOptions);
    return reply.status(202).send({ queued: true });
  });

  app.delete('/__control/prepared/:merchant_uid', async (request, reply) => {
    const forgotten = await store.forgetPrepared((request.params as { merchant_uid: string }).merchant_uid);
    return forgotten ? { ok: true } : reply.status(404).send({ message: 'no amount is registered for this merchant_uid' });
  });

  app.post('/__control/faults', async (request, reply) => {
    const parsed = faultSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.status(400).send({ code: -1, message: `invalid fault: ${z.prettifyError(parsed.error)}`, response: null });
    const { kind, count, ms, endpoint } = parsed.data;
    state.faults.push({ kind, remaining: count, ms, endpoint });
    return reply.status(201).send({ faults: state.faults });
  });

  app.get('/__control/counters', async () => Object.fromEntries(state.counters));

  app.post('/__control/reset', async () => {
    state.reset();
    return { ok: true };
  });

  app.put('/__control/webhook-url', async (request) => {
    webhooks.defaultUrl = (request.body as { url?: string })?.url;
    return { url: webhooks.defaultUrl ?? null };
  });
}
