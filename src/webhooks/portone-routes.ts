import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type pg from 'pg';
import { AppError } from '../errors.js';
import { errorSchema } from '../http/errors.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../http/json-depth.js';
import { PortOneWebhookRejected } from '../providers/portone/errors.js';
import { verifyWebhook } from '../providers/portone/webhook.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { recordRefusals, verifyDelivery, type Arrival } from './delivery.js';
import { ReceiptWriter } from './receipts.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the body as sent: a Standard Webhooks signature covers these bytes, not their parse */
    rawBody?: string;
  }
}

/** Body version 2024-04-25 (reference: webhook guide): the event names the payment only; its truth is read from V2. */
const webhookBody = z
  .looseObject({
    type: z.string().min(1).max(100),
    timestamp: z.string().max(40).optional(),
    data: z.looseObject({
      storeId: z.string().max(100).optional(),
      paymentId: z.string().max(100).optional(),
      transactionId: z.string().max(100).optional(),
      cancellationId: z.string().max(100).optional(),
    }),
  })
  .meta({ examples: [{ type: 'Transaction.Paid', timestamp: '2026-05-04T01:03:10.000Z', data: { storeId: 'store-…', paymentId: 'ord0mbq2k7x3…', transactionId: '01J…' } }] });

/** What each payment event says changed, as the fact's status (a cancellation is told by its id). */
const HINT: Record<string, string> = {
  'Transaction.Ready': 'ready',
  'Transaction.PayPending': 'ready',
  'Transaction.VirtualAccountIssued': 'ready',
  'Transaction.Paid': 'paid',
  'Transaction.Failed': 'failed',
};

const isPaymentEvent = (type: string) => type.startsWith('Transaction.');
const field = (body: unknown, key: string) => {
  const value = ((body as { data?: Record<string, unknown> } | undefined)?.data ?? {})[key];
  return typeof value === 'string' ? value.slice(0, 100) : null;
};

/** A refused delivery's receipt (a bad signature: 401): the body as parsed, else as sent. */
const refusedArrival = (request: FastifyRequest): Arrival => {
  const body: unknown = request.body ?? request.rawBody;
  return { provider: 'portone', source_ip: request.ip, imp_uid: null, merchant_uid: field(body, 'paymentId'), status: null, body };
};

/**
 * PortOne V2's webhook: signed per Standard Webhooks with PORTONE_WEBHOOK_SECRET (checked with PortOne's own verifier
 * on the body as sent; a bad or stale signature is a 401), then verified as a callback is: the body only names the
 * payment, its truth is read from V2. Unknown event types are acknowledged and ignored, as PortOne asks.
 */
export const portoneWebhookRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps; auditPool: pg.Pool; secrets: readonly string[]; perMinute: number }> = async (
  app,
  options,
) => {
  const { deps, auditPool, secrets, perMinute } = options;
  const receipts = new ReceiptWriter(auditPool);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    if (nestsDeeperThan(request.rawBody, MAX_JSON_DEPTH)) return done(new AppError(400, 'invalid', `the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
    try {
      done(null, JSON.parse(request.rawBody));
    } catch {
      done(new AppError(400, 'invalid', 'the body is not JSON'), undefined);
    }
  });
  app.post(
    '/webhooks/portone',
    {
      onSend: recordRefusals(receipts, refusedArrival),
      // all of a shop's V2 notifications come from PortOne's few addresses; the signature, not the address, keeps others out
      config: { ownRateLimit: { name: 'portone-webhook', perMinute } },
      schema: {
        tags: ['webhooks'],
        operationId: 'receivePortOneWebhook',
        summary: "PortOne V2's notification: checks its signature, re-reads the payment from V2 and applies it",
        security: [],
        body: webhookBody,
        response: {
          200: z.object({ ok: z.literal(true), outcome: z.string() }).meta({ examples: [{ ok: true, outcome: 'success' }] }),
          401: errorSchema.describe('the signature is missing, wrong or more than five minutes old'),
        },
      },
    },
    async (request, reply) => {
      deps.providers.of('portone');
      await verifyWebhook(secrets, request.rawBody ?? '', request.headers).catch((error: unknown) => {
        if (error instanceof PortOneWebhookRejected) throw new AppError(401, 'bad_signature', `the webhook signature does not verify: ${error.reason}`);
        throw error;
      });
      const { type, data } = request.body;
      const paymentId = data.paymentId;
      const arrival = { provider: 'portone' as const, received_at: new Date(), source_ip: request.ip, imp_uid: null, merchant_uid: paymentId ?? null, status: type, body: request.body };
      if (!isPaymentEvent(type) || !paymentId) {
        await receipts.record({ ...arrival, outcome: 'ignored' });
        return { ok: true as const, outcome: 'ignored' };
      }
      const hint = { sourceId: data.transactionId, status: HINT[type], cancellationId: data.cancellationId };
      return verifyDelivery(deps, { provider: 'portone', reference: paymentId, merchantUid: paymentId, source: 'webhook', hint }, arrival, receipts, reply);
    },
  );
};
