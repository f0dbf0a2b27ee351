import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { paymentErrorSchema } from '../http/errors.js';
import { idsExample } from '../http/openapi-examples.js';
import { storableString } from '../http/text.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { recordRefusals, verifyDelivery, type Arrival } from './delivery.js';
import { ReceiptWriter } from './receipts.js';

// i'mport V1 webhooks are not signed: the body is only a hint of which payment to re-read (reference: Webhook).
const webhookBody = z.looseObject({
  imp_uid: storableString().trim().min(1).max(100),
  merchant_uid: storableString().trim().min(1).max(100),
  status: z.string().max(30).optional(),
});

const cancellationIdOf = (body: Record<string, unknown>) => (typeof body.cancellation_id === 'string' ? body.cancellation_id : undefined);

const idField = (body: unknown, key: string) => {
  const value = (body as Record<string, unknown> | null | undefined)?.[key];
  return typeof value === 'string' ? value.slice(0, 100) : null;
};

/** A refused delivery's receipt: whatever ids its body carries. */
const refusedArrival = (request: FastifyRequest): Arrival => {
  const body: unknown = request.body;
  return { source_ip: request.ip, imp_uid: idField(body, 'imp_uid'), merchant_uid: idField(body, 'merchant_uid'), status: idField(body, 'status'), body };
};

/** `auditPool`: where receipts are written (the database handle's auditPool). */
export const iamportWebhookRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps; auditPool: pg.Pool }> = async (app, { deps, auditPool }) => {
  const receipts = new ReceiptWriter(auditPool);
  app.post(
    '/webhooks/iamport',
    {
      config: { publicStatus: true },
      onSend: recordRefusals(receipts, refusedArrival),
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
      const arrival = { received_at: new Date(), source_ip: request.ip, imp_uid, merchant_uid, status: status ?? null, body: request.body };
      const hint = { sourceId: imp_uid, status, cancellationId: cancellationIdOf(request.body) };
      return verifyDelivery(deps, { provider: 'iamport', reference: imp_uid, merchantUid: merchant_uid, source: 'webhook', hint }, arrival, receipts, reply);
    },
  );
};
