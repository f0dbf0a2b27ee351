import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { paymentErrorSchema } from '../http/errors.js';
import { idsExample } from '../http/openapi-examples.js';
import { PspUnavailable } from '../errors.js';
import { storableString } from '../http/text.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { verifyPayment } from '../settlement/verify.js';
import { ReceiptWriter } from './receipts.js';

// i'mport V1 webhooks are not signed: the body is only a hint of which payment to re-read (reference: Webhook).
const webhookBody = z.looseObject({
  imp_uid: storableString().trim().min(1).max(100),
  merchant_uid: storableString().trim().min(1).max(100),
  status: z.string().max(30).optional(),
});

const cancellationIdOf = (body: Record<string, unknown>) => (typeof body.cancellation_id === 'string' ? body.cancellation_id : undefined);

/**
 * Refused before our handler ran (the handler answers 200 or 503 and records those itself): a bad body, a source not
 * allowed, a body too large or too slow, a content type we do not read, a rate limit.
 */
const isRefusal = (status: number) => status >= 400 && status < 500;
const idField = (body: unknown, key: string) => {
  const value = (body as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value.slice(0, 100) : null;
};

/**
 * Every delivery is audited, including those refused before the handler recorded them. Written before the answer
 * goes out, so whoever sees our answer finds the record.
 */
function recordRejected(receipts: ReceiptWriter) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (!isRefusal(reply.statusCode)) return payload;
    const body: unknown = request.body;
    const receipt = { source_ip: request.ip, imp_uid: idField(body, 'imp_uid'), merchant_uid: idField(body, 'merchant_uid'), status: idField(body, 'status') };
    await receipts.record({ ...receipt, body, outcome: `rejected_${reply.statusCode}` }).catch((error: unknown) => request.log.warn({ err: error }, 'rejected webhook not recorded'));
    return payload;
  };
}

/** `auditPool`: where receipts are written (the database handle's auditPool). */
export const iamportWebhookRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps; auditPool: pg.Pool }> = async (app, { deps, auditPool }) => {
  const receipts = new ReceiptWriter(auditPool);
  app.post(
    '/webhooks/iamport',
    {
      config: { publicStatus: true },
      onSend: recordRejected(receipts),
      schema: {
        tags: ['webhooks'],
        operationId: 'receiveIamportWebhook',
        summary: "i'mport's notification: re-reads the payment from i'mport and applies it",
        security: [],
        body: webhookBody.meta({ examples: [{ ...idsExample, status: 'paid' }] }),
        response: { 200: z.object({ ok: z.literal(true), outcome: z.string() }).meta({ examples: [{ ok: true, outcome: 'success' }] }), 403: paymentErrorSchema },
      },
    },
    async (request, reply) => {
      const { imp_uid, merchant_uid, status } = request.body;
      const arrived = { received_at: new Date(), source_ip: request.ip, imp_uid, merchant_uid, status: status ?? null, body: request.body };
      // recorded with its outcome, before the answer goes out: whoever sees our answer finds the record
      const record = (outcome: string) => receipts.record({ ...arrived, outcome });
      let outcome: string;
      try {
        const hint = { sourceId: imp_uid, status, cancellationId: cancellationIdOf(request.body) };
        outcome = (await verifyPayment(deps, { provider: 'iamport', reference: imp_uid, merchantUid: merchant_uid, source: 'webhook', hint })).outcome;
      } catch (error) {
        await record(error instanceof PspUnavailable ? 'unavailable' : 'error').catch(() => {});
        throw error;
      }
      await record(outcome);
      deps.observe?.webhookCommitted(outcome, reply.elapsedTime / 1000);
      return { ok: true as const, outcome };
    },
  );
};
