import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFound, Upstream } from '../errors.js';
import { paymentErrorSchema } from '../http/errors.js';
import { idsExample, orderExample, statusUrlExample } from '../http/openapi-examples.js';
import { storableString } from '../http/text.js';
import { statusUrlOf } from '../links/status-url.js';
import { findOrder } from '../orders/repository.js';
import type { MoneyDeps } from '../settlement/deps.js';
import type { Provider } from '../settlement/model.js';
import { verifyPayment, type VerifyOutcome } from '../settlement/verify.js';
import { orderSchema, toOrderView } from '../views/orders.js';
import { resultPagePath } from './result-link.js';

const id = storableString().trim().min(1).max(100);
/** V1 posts `imp_uid` and `merchant_uid`; V2 its `payment_id` (which is the order's merchant_uid). */
const completeBody = z
  .object({
    imp_uid: id.optional().describe("V1: i'mport's id of the payment (IMP.request_pay's answer)"),
    merchant_uid: id.optional().describe('V1: the order'),
    payment_id: id.optional().describe("V2: the paymentId given to PortOne.requestPayment, which is the order's merchant_uid"),
  })
  .strict()
  .superRefine(oneProvider('imp_uid', 'merchant_uid', 'payment_id', true))
  .meta({ examples: [idsExample, { payment_id: idsExample.merchant_uid }] });
const completeQuery = z
  .object({
    // absent when the window failed before any payment existed (e.g. the amount differed from the registered one)
    imp_uid: storableString().trim().max(100).optional(),
    merchant_uid: id.optional().meta({ examples: [idsExample.merchant_uid] }),
    imp_success: z.string().optional(),
    success: z.string().optional(),
    error_code: z.string().max(100).optional(),
    error_msg: z.string().max(500).optional(),
    paymentId: id.optional().describe("V2's redirect: the payment (the order's merchant_uid)"),
    code: z.string().max(100).optional().describe("V2's redirect: set when the window failed (never trusted)"),
    message: z.string().max(500).optional(),
    pgCode: z.string().max(100).optional(),
    pgMessage: z.string().max(500).optional(),
    txId: z.string().max(100).optional(),
    transactionType: z.string().max(40).optional(),
  })
  .superRefine(oneProvider('imp_uid', 'merchant_uid', 'paymentId'));

/**
 * A V1 reference (`v1Id` of the order `v1Order`; `v1Id` may be absent where a window failed before any payment
 * existed) or a V2 one (`v2Id`), never neither, never both.
 */
function oneProvider(v1Id: string, v1Order: string, v2Id: string, v1IdRequired = false) {
  return (value: Record<string, unknown>, context: z.RefinementCtx) => {
    const given = (key: string) => value[key] !== undefined;
    if (given(v2Id) && (given(v1Id) || given(v1Order))) {
      context.addIssue({ code: 'custom', path: [v2Id], message: `${v2Id} (PortOne V2) cannot be sent with ${v1Id} or ${v1Order} (i'mport V1)` });
    } else if (!given(v2Id) && !given(v1Order)) {
      context.addIssue({ code: 'custom', path: [v1Order], message: `${v1Order} (i'mport V1) or ${v2Id} (PortOne V2) is required` });
    } else if (!given(v2Id) && v1IdRequired && !given(v1Id)) {
      context.addIssue({ code: 'custom', path: [v1Id], message: `${v1Id} is required with ${v1Order} (i'mport V1)` });
    }
  };
}

/** Which PSP a browser's report comes from, how that PSP names the payment, and the order it claims. */
function reportOf(ids: { imp_uid?: string; merchant_uid?: string; v2?: string }): { provider: Provider; reference: string | undefined; merchantUid: string } {
  return ids.v2 !== undefined
    ? { provider: 'portone', reference: ids.v2, merchantUid: ids.v2 }
    : { provider: 'iamport', reference: ids.imp_uid || undefined, merchantUid: ids.merchant_uid! };
}

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
        summary: "the browser's callback after IMP.request_pay (V1) or PortOne.requestPayment (V2): verify the payment with its PSP",
        security: [],
        body: completeBody,
        response: {
          200: z
            .union([withOrder('success'), withOrder('vbankIssued'), withOrder('cancelled')])
            .meta({ examples: [{ status: 'success', message: 'payment verified', order: orderExample, status_url: statusUrlExample }] }),
          400: refusal,
          404: refusal,
          409: duplicate,
          502: refusal.describe("the PSP's answer lacks a money field or has one of another type: nothing was accepted or refunded"),
          503: refusal.describe('the PSP or the database is unavailable: the payment is not confirmed yet (watch status_url; never pay again)'),
        },
      },
    },
    async (request, reply) => {
      const { provider, reference, merchantUid } = reportOf({ ...request.body, v2: request.body.payment_id });
      let result: VerifyOutcome;
      try {
        result = await verifyPayment(deps, { provider, reference: reference!, merchantUid, source: 'callback' });
      } catch (error) {
        if (!(error instanceof Upstream)) throw error;
        return reply.status(503).send({ status: 'unavailable', error: 'unavailable', message: error.message, ...(await withStatusUrl(merchantUid, false)) });
      }
      const [code, status, error] = HTTP[result.outcome];
      const order = result.state && (code < 400 || code === 409) ? { order: toOrderView(result.state.order) } : {};
      const link = await withStatusUrl(merchantUid, result.state?.order.merchant_uid === merchantUid);
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
        summary: "the m_redirect_url target (V1 mobile) and V2's redirectUrl: verifies as above, then 303 to the order's result page",
        security: [],
        description:
          "The query's `imp_success`, `error_msg` (V1) and `code`, `message` (V2) are never trusted nor shown: the payment is fetched from " +
          'its PSP, and the page shows the order as the service holds it. When the PSP cannot be reached, the page says the payment ' +
          'is being checked (never that it failed), watches the order, and verifies again when reloaded.',
        querystring: completeQuery,
        response: { 303: z.null().describe('redirect to /payments/result'), 404: paymentErrorSchema },
      },
    },
    async (request, reply) => {
      const { provider, reference, merchantUid } = reportOf({ ...request.query, v2: request.query.paymentId });
      if (!(await findOrder(deps.db, merchantUid))) throw new NotFound(`no order ${merchantUid}`);
      // without a payment the window refused before any existed: nothing to verify. A browser landed here, so the PSP
      // being unreachable still ends on the page, which then says "checking" rather than "not paid".
      let unverified: string | undefined;
      if (reference) {
        await verifyPayment(deps, { provider, reference, merchantUid, source: 'redirect' }).catch((error: unknown) => {
          if (!(error instanceof Upstream)) throw error;
          unverified = reference;
        });
      }
      return reply.redirect(await resultPagePath(deps.db, merchantUid, unverified), 303);
    },
  );
};
