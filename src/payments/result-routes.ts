import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFound, Upstream } from '../errors.js';
import { paymentErrorSchema } from '../http/errors.js';
import { statusPathOf } from '../links/status-url.js';
import type { MoneyDeps } from '../settlement/deps.js';
import type { OrderRecord, SettlementState } from '../settlement/model.js';
import { verifyPayment } from '../settlement/verify.js';
import { LinkExpired, readLinkedOrder } from './linked-order.js';
import { readResultReference } from './result-link.js';
import { renderExpiredPage, renderResultPage } from './result-page.js';
import { resultViewOf } from './result-view.js';

const LINK = 'payment result link';

const sendPage = (reply: FastifyReply, html: string) => reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html as never);

/** True while the payment the buyer came back with still cannot be verified: its PSP does not answer. */
async function cannotVerify(deps: MoneyDeps, order: OrderRecord, reference: string): Promise<boolean> {
  try {
    await verifyPayment(deps, { provider: order.provider, reference, merchantUid: order.merchant_uid, source: 'redirect' });
    return false;
  } catch (error) {
    if (error instanceof Upstream) return true;
    throw error;
  }
}

/** Whether the payment a reference names is among the order's, as far as the service can tell without asking. */
function isApplied(deps: MoneyDeps, state: SettlementState, reference: string): boolean {
  const sourceId = deps.providers.of(state.order.provider).sourceNamedBy(reference, state.order);
  return state.payments.some((record) => record.source_id === sourceId);
}

export const resultPageRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps }> = async (app, { deps }) => {
  const html = z.string().meta({ examples: ['<!doctype html><html lang="ko">…결제가 완료되었습니다…</html>'] });
  app.get(
    '/payments/result',
    {
      config: { publicStatus: true, answerHeaders: ['Cache-Control'] },
      schema: {
        tags: ['payments'],
        operationId: 'showPaymentResult',
        summary: 'the result page the redirect flow lands on',
        security: [],
        description:
          'Shows the order as the service holds it, found from `ref`, a signed reference that `GET /payments/complete` ' +
          'redirects to: editing the URL can change neither the outcome shown nor put any text on the page. The link works for ' +
          "7 days after the order's last change, or until a day after its virtual account's due date if later; then it is a 410 " +
          'page that shows nothing of the order.',
        querystring: z.object({ ref: z.string().max(300) }),
        response: {
          200: { description: 'the page', content: { 'text/html': { schema: html } } },
          404: paymentErrorSchema,
          410: { description: 'the link has expired', content: { 'text/html': { schema: html } } },
        },
      },
    },
    async (request, reply) => {
      const ref = await readResultReference(deps.db, request.query.ref);
      if (!ref) throw new NotFound(`this ${LINK} is not valid`);
      let state: SettlementState;
      try {
        state = await readLinkedOrder(deps.pool, ref.merchantUid, LINK);
      } catch (error) {
        if (error instanceof LinkExpired) return sendPage(reply.status(410), renderExpiredPage());
        throw error;
      }
      // a payment the buyer came back with and the service has not applied is verified again on every view, so a
      // reload after the PSP recovers shows the result
      let checking = false;
      const pending = ref.pendingReference;
      if (pending && !isApplied(deps, state, pending)) {
        checking = await cannotVerify(deps, state.order, pending);
        if (!checking) state = await readLinkedOrder(deps.pool, ref.merchantUid, LINK);
      }
      const page = renderResultPage(state, resultViewOf(state, checking), await statusPathOf(deps.db, ref.merchantUid));
      return sendPage(reply, page);
    },
  );
};
