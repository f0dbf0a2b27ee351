import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { applyCancel } from './cancel.js';
import { actions, actionSchema, createSchema, faultSchema, overwrite, overwriteSchema, silentActions, webhookSchema, webhookUrlSchema } from './control-schemas.js';
import { failure } from './envelope.js';
import type { RestDeps } from './deps.js';

type Params = Record<string, string>;

/** The body, or a 400 naming what is wrong with it (then undefined). */
function parse<T extends z.ZodType>(schema: T, body: unknown, reply: FastifyReply): z.infer<T> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  void failure(reply, 400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  return undefined;
}

/** The test and demo control API, under /__control. No token; never mounted outside sandbox mode. */
export async function controlRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  const { store, state, webhooks } = deps;

  app.post('/__control/payments', async (request, reply) => {
    const input = parse(createSchema, request.body, reply);
    if (!input) return reply;
    const { webhook, at, ...fields } = input;
    // a payment created cancelled was paid and then refunded in full, as a PG records it
    let payment = await store.create(fields.status === 'cancelled' ? { ...fields, status: 'paid' } : fields, at);
    if (fields.status === 'cancelled') {
      const refunded = await store.update(payment.imp_uid, (p) => {
        const result = applyCancel(p, { reason: 'PG사 취소' });
        return result.ok ? result.payment : result.message;
      });
      if (refunded && 'payment' in refunded) payment = refunded.payment;
    }
    if (webhook) webhooks.send(payment);
    return reply.status(201).send(payment);
  });

  app.post('/__control/payments/:imp_uid/:action', async (request, reply) => {
    const { imp_uid, action } = request.params as Params;
    const silent = Object.hasOwn(silentActions, action!);
    const apply = silent ? silentActions[action!] : Object.hasOwn(actions, action!) ? actions[action!] : undefined;
    if (!apply) return failure(reply, 404, `unknown action ${action}`);
    const body = parse(actionSchema, request.body, reply);
    if (!body) return reply;
    const result = await store.update(imp_uid!, (payment) => apply(payment, body));
    if (!result) return failure(reply, 404, 'no such payment');
    if ('refusal' in result) return reply.status(409).send({ code: 1, message: result.refusal, response: null });
    if (!silent && body.webhook !== false) webhooks.send(result.payment);
    return result.payment;
  });

  app.post('/__control/payments/:imp_uid/overwrite', async (request, reply) => {
    const body = parse(overwriteSchema, request.body, reply);
    if (!body) return reply;
    const result = await store.update((request.params as Params).imp_uid!, (payment) => overwrite(payment, body));
    return result && 'payment' in result ? result.payment : failure(reply, 404, 'no such payment');
  });

  app.post('/__control/payments/:imp_uid/webhook', async (request, reply) => {
    const options = parse(webhookSchema, request.body, reply);
    if (!options) return reply;
    const payment = await store.get((request.params as Params).imp_uid!);
    if (!payment) return failure(reply, 404, 'no such payment');
    webhooks.send(payment, options);
    return reply.status(202).send({ queued: true });
  });

  app.delete('/__control/prepared/:merchant_uid', async (request, reply) => {
    const forgotten = await store.forgetPrepared((request.params as Params).merchant_uid!);
    return forgotten ? { ok: true } : failure(reply, 404, 'no amount is registered for this merchant_uid');
  });

  app.post('/__control/faults', async (request, reply) => {
    const fault = parse(faultSchema, request.body, reply);
    if (!fault) return reply;
    state.faults.push({ kind: fault.kind, remaining: fault.count, ms: fault.ms, endpoint: fault.endpoint });
    return reply.status(201).send({ faults: state.faults });
  });

  app.get('/__control/counters', async () => Object.fromEntries(state.counters));

  app.post('/__control/reset', async () => {
    state.reset();
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
