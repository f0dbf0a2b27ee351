import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFound, Upstream } from '../errors.js';
import { paymentErrorSchema } from '../http/errors.js';
import { idsExample, orderExample } from '../http/openapi-examples.js';
import { storableString } from '../http/text.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { verifyPayment, type VerifyOutcome } from '../settlement/verify.js';
import { orderSchema, toOrderView } from '../settlement/views.js';
import { resultPagePath } from './result-link.js';

const ids = { imp_uid: storableString().trim().min(1).max(100), merchant_uid: storableString().trim().min(1).max(100) };
const completeBody = z.object(ids).meta({ examples: [idsExample] });
const completeQuery = z.object({
  // absent when the window failed before any payment existed (e.g. the amount differed from the registered one)
  imp_uid: storableString().trim().max(100).optional(),
  merchant_uid: ids.merchant_uid.meta({ examples: [idsExample.merchant_uid] }),
  imp_success: z.string().optional(),
  success: z.string().optional(),
  error_code: z.string().max(100).optional(),
  error_msg: z.string().max(500).optional(),
});
const withOrder = (status: string) => z.object({ status: z.literal(status), message: z.string(), order: orderSchema });
const duplicate = paymentErrorSchema.extend({ status: z.literal('duplicate'), order: orderSchema }).describe('the order keeps its first payment; this one is refunded');

/** API.md's outcome table: the outcome → HTTP status, body word and, for a refusal, the error code. */
const HTTP: Record<VerifyOutcome['outcome'], [number, string, string?]> = {
  success: [200, 'success'],
  vbankIssued: [200, 'vbankIssued'],
  cancelled: [200, 'cancelled'],
  failed: [400, 'failed', 'payment_failed'],
  notCompleted: [400, 'failed', 'payment_failed'],
  forgery: [400, 'forgery', 'forgery'],
  duplicate: [409, 'duplicate', 'duplicate'],
  notFound: [404, 'notFound', 'not_found'],
  unverifiable: [502, 'unverifiable', 'unverifiable'],
};

export const paymentRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps }> = async (app, { deps }) => {
  app.post(
    '/payments/complete',
    {
      config: { publicStatus: true },
      schema: {
        tags: ['payments'],
        operationId: 'completePayment',
        summary: "the browser's callback after IMP.request_pay: verify the payment with i'mport",
        security: [],
        body: completeBody,
        response: {
          200: z
            .union([withOrder('success'), withOrder('vbankIssued'), withOrder('cancelled')])
            .meta({ examples: [{ status: 'success', message: 'payment verified', order: orderExample }] }),
          400: paymentErrorSchema,
          404: paymentErrorSchema,
          409: duplicate,
          502: paymentErrorSchema.describe("i'mport's answer lacks a money field or has one of another type: nothing was accepted or refunded"),
        },
      },
    },
    async (request, reply) => {
      const result = await verifyPayment(deps, { impUid: request.body.imp_uid, merchantUid: request.body.merchant_uid, source: 'callback' });
      const [code, status, error] = HTTP[result.outcome];
      const order = result.state && (code < 400 || code === 409) ? { order: toOrderView(result.state.order) } : {};
      return reply.status(code as 200).send({ status, ...(error ? { error } : {}), message: result.message, ...order } as never);
    },
  );

  app.get(
    '/payments/complete',
    {
      config: { publicStatus: true },
      schema: {
        tags: ['payments'],
        operationId: 'completePaymentRedirect',
        summary: 'the m_redirect_url target (mobile): verifies as above, then 303 to the order\'s result page',
        security: [],
        description: 'The query\'s `imp_success` and `error_msg` are never trusted nor shown: the payment is fetched from i\'mport, and the page shows the order as the service holds it.',
        querystring: completeQuery,
        response: { 303: z.null().describe('redirect to /payments/result'), 404: paymentErrorSchema },
      },
    },
    async (request, reply) => {
      const { imp_uid, merchant_uid } = request.query;
      // without imp_uid the window refused before any payment existed: nothing to verify. A browser landed here, so
      // i'mport being unreachable still ends on the page (the order as it stands; the sweeper settles it later).
      if (imp_uid) {
        await verifyPayment(deps, { impUid: imp_uid, merchantUid: merchant_uid, source: 'redirect' }).catch((error: unknown) => {
          if (!(error instanceof Upstream)) throw error;
        });
      }
      const page = await resultPagePath(deps.db, merchant_uid);
      if (!page) throw new NotFound(`no order ${merchant_uid}`);
      return reply.redirect(page, 303);
    },
  );
};
