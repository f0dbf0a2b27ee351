import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Upstream } from '../errors.js';
import { storableString } from '../http/text.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { verifyPayment, type VerifyOutcome } from '../settlement/verify.js';
import { orderSchema, toOrderView } from '../settlement/views.js';
import { renderResultPage } from './result-page.js';

const ids = { imp_uid: storableString().trim().min(1).max(100), merchant_uid: storableString().trim().min(1).max(100) };
const completeBody = z.object(ids);
const completeQuery = z.object({
  // absent when the window failed before any payment existed (e.g. the amount differed from the registered one)
  imp_uid: storableString().trim().max(100).optional(),
  merchant_uid: ids.merchant_uid,
  imp_success: z.string().optional(),
  success: z.string().optional(),
  error_code: z.string().max(100).optional(),
  error_msg: z.string().max(500).optional(),
});
const withOrder = (status: string) => z.object({ status: z.literal(status), message: z.string(), order: orderSchema });
const plain = z.object({ status: z.string(), message: z.string() });

/** API.md's outcome table: the outcome → HTTP status and body word. */
const HTTP: Record<VerifyOutcome['outcome'], [number, string]> = {
  success: [200, 'success'],
  vbankIssued: [200, 'vbankIssued'],
  cancelled: [200, 'cancelled'],
  failed: [400, 'failed'],
  notCompleted: [400, 'failed'],
  forgery: [400, 'forgery'],
  duplicate: [409, 'duplicate'],
  notFound: [404, 'notFound'],
};

export const paymentRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps }> = async (app, { deps }) => {
  app.post(
    '/payments/complete',
    {
      config: { publicStatus: true },
      schema: {
        tags: ['payments'],
        summary: "the browser's callback after IMP.request_pay: verify the payment with i'mport",
        body: completeBody,
        response: { 200: z.union([withOrder('success'), withOrder('vbankIssued'), withOrder('cancelled')]), 400: plain, 404: plain, 409: withOrder('duplicate'), 429: plain, 503: plain },
      },
    },
    async (request, reply) => {
      const result = await verifyPayment(deps, { impUid: request.body.imp_uid, merchantUid: request.body.merchant_uid, source: 'callback' });
      const [code, status] = HTTP[result.outcome];
      const order = result.state && code !== 400 && code !== 404 ? { order: toOrderView(result.state.order) } : {};
      return reply.status(code as 200).send({ status, message: result.message, ...order } as never);
    },
  );

  app.get(
    '/payments/complete',
    {
      config: { publicStatus: true },
      schema: {
        tags: ['payments'],
        summary: 'the m_redirect_url target (mobile): verifies as above, then 303 to a result page',
        description: 'The query flag `imp_success` is never trusted: the payment is fetched from i\'mport.',
        querystring: completeQuery,
        response: { 303: z.null().describe('redirect to /payments/result'), 400: plain, 429: plain, 503: plain },
      },
    },
    async (request, reply) => {
      const { imp_uid, merchant_uid, error_msg } = request.query;
      const showResult = (status: string, message: string) => reply.redirect(`/payments/result?${new URLSearchParams({ merchant_uid, status, message })}`, 303);
      if (!imp_uid) return showResult('failed', error_msg || 'the payment was not made');
      // a browser landed here: even "i'mport unreachable" is shown as a page, not as JSON
      const [status, message] = await verifyPayment(deps, { impUid: imp_uid, merchantUid: merchant_uid, source: 'redirect' }).then(
        (result): [string, string] => [HTTP[result.outcome][1], result.message],
        (error: unknown): [string, string] => {
          if (!(error instanceof Upstream)) throw error;
          return ['unavailable', 'the payment could not be confirmed yet; it is settled as soon as i\'mport answers'];
        },
      );
      return showResult(status, message);
    },
  );

  app.get(
    '/payments/result',
    {
      config: { publicStatus: true },
      schema: {
        tags: ['payments'],
        summary: 'the result page the redirect flow lands on',
        querystring: z.object({ merchant_uid: z.string().max(100), status: z.string().max(30), message: z.string().max(500).default('') }),
      },
    },
    async (request, reply) => reply.type('text/html; charset=utf-8').send(renderResultPage(request.query)),
  );
};
