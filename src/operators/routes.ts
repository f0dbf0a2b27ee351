import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import { Conflict, NotFound, Upstream } from '../errors.js';
import { actorOf } from '../http/auth.js';
import { refundBanksOf } from '../providers/iamport/banks.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { retryRefundById } from '../settlement/retry.js';
import { toOrderView, toRefundView } from '../views/orders.js';
import { resendEvent, resendFailing } from '../webhooks/resend.js';
import { recordActions } from './actions.js';
import {
  banksQuery,
  banksSchema,
  errors,
  eventIdParams,
  refundIdParams,
  resendFailingBody,
  resentSchema,
  retriedSchema,
  retryBody,
  whoamiSchema,
} from './schemas.js';

const security = [{ apiKey: [] }];

/** What an operator does beside refunding, each recorded with who did it. The API-key hook is the enclosing scope's. */
export const operatorRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps; config: Config }> = async (app, { deps, config }) => {
  app.get(
    '/whoami',
    { schema: { tags: ['console'], operationId: 'whoAmI', summary: 'the operator this API key names (API_KEYS name:key)', security, response: { 200: whoamiSchema, 401: errors[401] } } },
    async (request) => ({ actor: actorOf(request) }),
  );

  app.get(
    '/refund-banks',
    {
      schema: {
        tags: ['refunds'],
        operationId: 'listRefundBanks',
        summary: "the banks a refund to a buyer's account can go to, with the code the payment's PG takes as refund_bank",
        security,
        querystring: banksQuery,
        response: { 200: banksSchema, 400: errors[400], 401: errors[401] },
      },
    },
    async (request) => ({ items: refundBanksOf(request.query.pg_provider) }),
  );

  app.post(
    '/refunds/:refund_id/retry',
    {
      config: { idempotent: true },
      schema: {
        tags: ['refunds'],
        operationId: 'retryRefund',
        summary: "carry out again a refund i'mport refused (needs_operator or failed), with the buyer's account where a deposit needs one",
        description:
          "The payment is re-read from i'mport first: a refund that landed meanwhile is completed without another attempt (and one whose money another " +
          'cancel returned is closed as failed, answered 200 with its last_error saying so); otherwise the same refund is ' +
          'sent again with the balance i\'mport holds now as its checksum, so nothing is ever refunded twice. 409 when i\'mport refuses again.',
        security,
        params: refundIdParams,
        body: retryBody,
        response: { 200: retriedSchema, ...errors },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { refund_holder, refund_bank, refund_account, refund_tel } = request.body;
      const refundTo = refund_holder || refund_bank || refund_account ? { holder: refund_holder, bank: refund_bank, account: refund_account, tel: refund_tel } : undefined;
      const { state, refund, sent } = await retryRefundById(deps, request.params.refund_id, { refundTo, actor });
      const detail = { state: refund.state, ...(refund_bank ? { refund_bank, account_last4: refund_account?.slice(-4) } : {}) };
      await recordActions(deps.db, [{ actor, action: 'refund_retry', merchant_uid: state.order.merchant_uid, subject: refund.id, detail }]);
      if (refund.state === 'pending') throw new Upstream(`the retry is recorded but the PSP could not confirm it (${refund.last_error ?? 'no answer'}); it is completed automatically`);
      // not sent and not done: the PSP shows the money returned by another cancel; nothing waits for a person now
      if (refund.state !== 'done' && sent) throw new Conflict(`the PSP refused the refund again: ${refund.last_error}`, { refund_id: refund.id });
      const provider = state.payments.find((record) => record.source_id === refund.source_id)!.snapshot.provider;
      return { order: toOrderView(state.order), refund: toRefundView(state.order.merchant_uid, refund, provider) };
    },
  );

  const pushOn = () => {
    if (!config.eventWebhook) throw new Conflict('EVENT_WEBHOOK_URL is not set: events are not pushed (GET /events serves them)');
  };

  app.post(
    '/events/:event_id/resend',
    {
      schema: {
        tags: ['events'],
        operationId: 'resendEvent',
        summary: 'push one event to EVENT_WEBHOOK_URL again now, with a fresh retry budget, whatever became of its delivery',
        security,
        params: eventIdParams.meta({ examples: [{ event_id: '1042' }] }),
        response: { 200: resentSchema, ...errors },
      },
    },
    async (request) => {
      pushOn();
      const resent = await resendEvent(deps.db, request.params.event_id);
      if (!resent) throw new NotFound(`no event ${request.params.event_id}`);
      await recordActions(deps.db, [{ actor: actorOf(request), action: 'resend', merchant_uid: resent.merchant_uid, subject: resent.event_id }]);
      return { resent: 1 };
    },
  );

  app.post(
    '/event-deliveries/resend',
    {
      schema: {
        tags: ['events'],
        operationId: 'resendFailingEvents',
        summary: 'push again now, with a fresh retry budget, every failing or given-up event last sent to an endpoint',
        security,
        body: resendFailingBody,
        response: { 200: resentSchema, ...errors },
      },
    },
    async (request) => {
      pushOn();
      const actor = actorOf(request);
      const resent = await resendFailing(deps.db, request.body.endpoint);
      const detail = { endpoint: request.body.endpoint };
      await recordActions(deps.db, resent.map((r) => ({ actor, action: 'resend' as const, merchant_uid: r.merchant_uid, subject: r.event_id, detail })));
      return { resent: resent.length };
    },
  );
};
