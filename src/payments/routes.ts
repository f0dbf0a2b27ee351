import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFound, Upstream } from '../errors.js';
import { paymentErrorSchema } from '../http/errors.js';
import { idsExample, orderExample, statusUrlExample } from '../http/openapi-examples.js';
import { storableString } from '../http/text.js';
import { statusUrlOf } from '../links/status-url.js';
import { findOrder } from '../orders/repository.js';
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
const statusUrl = z.string().describe("the order's status URL, to watch it until it settles (absent when there is no such order)");
const withOrder = (status: string) => z.object({ status: z.literal(status), message: z.string(), order: orderSchema, status_url: statusUrl });
const refusal = paymentErrorSchema.extend({ status_url: statusUrl.optional() });
const duplicate = refusal.extend({ status: z.literal('duplicate'), order: orderSchema }).describe('the order keeps its first payment; this one is refunded');

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

export const paymentRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps; publicBaseUrl: string }> = async (app, { deps, publicBaseUrl }) => {
  /** Every answer about an order the service holds carries its status URL, so a page that got no clear answer can watch it. */
  const withStatusUrl = async (merchantUid: string, held: boolean) =>
    held || (await findOrder(deps.db, merchantUid)) ? { status_url: await statusUrlOf(deps.db, publicBaseUrl, merchantUid) } : {};

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
            .meta({ examples: [{ status: 'success', message: 'payment verified', order: orderExample, status_url: statusUrlExample }] }),
          400: refusal,
          404: refusal,
          409: duplicate,
          502: refusal.describe("i'mport's answer lacks a money field or has one of another type: nothing was accepted or refunded"),
          503: refusal.describe("i'mport or the database is unavailable: the payment is not confirmed yet (watch status_url; never pay again)"),
        },
      },
    },
    async (request, reply) => {
      const { imp_uid, merchant_uid } = request.body;
      let result: VerifyOutcome;
      try {
        result = await verifyPayment(deps, { impUid: imp_uid, merchantUid: merchant_uid, source: 'callback' });
      } catch (error) {
        if (!(error instanceof Upstream)) throw error;
        return reply.status(503).send({ status: 'unavailable', error: 'unavailable', message: error.message, ...(await withStatusUrl(merchant_uid, false)) });
      }
      const [code, status, error] = HTTP[result.outcome];
      const order = result.state && (code < 400 || code === 409) ? { order: toOrderView(result.state.order) } : {};
      const link = await withStatusUrl(merchant_uid, result.state?.order.merchant_uid === merchant_uid);
      return reply.status(code as 200).send({ status, ...(error ? { error } : {}), message: result.message, ...order, ...link } as never);
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
        description:
          'The query\'s `imp_success` and `error_msg` are never trusted nor shown: the payment is fetched from i\'mport, and the page ' +
          'shows the order as the service holds it. When i\'mport cannot be reached, the page says the payment is being checked ' +
          '(never that it failed), watches the order, and verifies again when reloaded.',
        querystring: completeQuery,
        response: { 303: z.null().describe('redirect to /payments/result'), 404: paymentErrorSchema },
      },
    },
    async (request, reply) => {
      const { imp_uid, merchant_uid } = request.query;
      if (!(await findOrder(deps.db, merchant_uid))) throw new NotFound(`no order ${merchant_uid}`);
      // without imp_uid the window refused before any payment existed: nothing to verify. A browser landed here, so
      // i'mport being unreachable still ends on the page, which then says "checking" rather than "not paid".
      let unverified: string | undefined;
      if (imp_uid) {
        await verifyPayment(deps, { impUid: imp_uid, merchantUid: merchant_uid, source: 'redirect' }).catch((error: unknown) => {
          if (!(error instanceof Upstream)) throw error;
          unverified = imp_uid;
        });
      }
      return reply.redirect(await resultPagePath(deps.db, merchant_uid, unverified), 303);
    },
  );
};
