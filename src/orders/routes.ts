import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { NotFound } from '../errors.js';
import { actorOf } from '../http/auth.js';
import { recordActions } from '../operators/actions.js';
import type { MoneyDeps } from '../settlement/deps.js';
import type { Provider } from '../settlement/model.js';
import { refundOrder } from '../settlement/operator.js';
import { openOrder } from '../settlement/orders.js';
import { readState } from '../settlement/store.js';
import { syncOrder } from '../settlement/sync.js';
import { paymentExample } from '../http/openapi-examples.js';
import { orderSchema, paymentSchema, toOrderView, toPaymentView } from '../views/orders.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { findOrder, listOrders } from './repository.js';
import { errorSchema } from '../http/errors.js';
import { statusUrlOf } from '../links/status-url.js';
import { cancelOrderBody, createdOrderSchema, createOrderBody, listOrdersQuery, merchantUidParams, notFound, orderPageSchema } from './schemas.js';

const security = [{ apiKey: [] }];
const tags = ['orders'];

async function orderView(deps: MoneyDeps, merchantUid: string) {
  const order = await findOrder(deps.db, merchantUid);
  if (!order) throw new NotFound(`no order ${merchantUid}`);
  return toOrderView(order);
}

/** The operator's Idempotency-Key names the refund, so a retry resumes it instead of asking for another. */
const requestKeyOf = (request: FastifyRequest) => request.idempotencyKey && `${request.idempotencyKey.apiKeyId}:${request.idempotencyKey.key}`;

/** The internal orders API; the API-key hook is added by the enclosing internal scope. */
export const orderRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps; publicBaseUrl: string; defaultProvider: Provider }> = async (app, options) => {
  const { deps, publicBaseUrl, defaultProvider } = options;
  app.post(
    '/orders',
    { config: { idempotent: true }, schema: { tags, operationId: 'createOrder', summary: "create an order and register its amount with its PSP (i'mport V1 or PortOne V2)", security, body: createOrderBody, response: { 201: createdOrderSchema } } },
    async (request, reply) => {
      const merchantUid = await openOrder(deps, { ...request.body, provider: request.body.provider ?? defaultProvider });
      const statusUrl = await statusUrlOf(deps.db, publicBaseUrl, merchantUid);
      return reply.status(201).send({ ...(await orderView(deps, merchantUid)), status_url: statusUrl });
    },
  );

  app.get(
    '/orders/:merchant_uid',
    { schema: { tags, operationId: 'getOrder', summary: 'one order', security, params: merchantUidParams, response: { 200: orderSchema, ...notFound } } },
    async (request) => orderView(deps, request.params.merchant_uid),
  );

  app.get(
    '/orders',
    { schema: { tags, operationId: 'listOrders', summary: 'orders, newest first (keyset pagination)', security, querystring: listOrdersQuery, response: { 200: orderPageSchema } } },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const page = await listOrders(deps.db, { status, limit, after: cursor ? decodeCursor(cursor) : undefined });
      return { items: page.rows.map(toOrderView), next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.post(
    '/orders/:merchant_uid/cancel',
    {
      config: { idempotent: true },
      schema: { tags, operationId: 'cancelOrder', summary: "refund all or part of a paid order through i'mport", security, params: merchantUidParams, body: cancelOrderBody, response: { 200: orderSchema, ...notFound, 409: errorSchema } },
    },
    async (request) => {
      const { reason, amount, refund_holder, refund_bank, refund_account, refund_tel } = request.body;
      const refundTo = refund_holder || refund_bank || refund_account ? { holder: refund_holder, bank: refund_bank, account: refund_account, tel: refund_tel } : undefined;
      const state = await refundOrder(deps, request.params.merchant_uid, { amount, note: reason, refundTo, requestKey: requestKeyOf(request), actor: actorOf(request) });
      return toOrderView(state.order);
    },
  );

  app.post(
    '/orders/:merchant_uid/sync',
    { schema: { tags, operationId: 'syncOrder', summary: "fetch the truth from i'mport now and apply it", security, params: merchantUidParams, response: { 200: orderSchema, ...notFound } } },
    async (request) => {
      const state = await syncOrder(deps, request.params.merchant_uid);
      const detail = { status: state.order.status };
      await recordActions(deps.db, [{ actor: actorOf(request), action: 'sync', merchant_uid: state.order.merchant_uid, detail }]);
      return toOrderView(state.order);
    },
  );

  app.get(
    '/orders/:merchant_uid/payments',
    {
      schema: {
        tags,
        operationId: 'listOrderPayments',
        summary: "every payment i'mport reported for the order, oldest first, with its role and refund",
        security,
        params: merchantUidParams,
        response: { 200: z.object({ items: z.array(paymentSchema) }).meta({ examples: [{ items: [paymentExample] }] }), ...notFound },
      },
    },
    async (request) => {
      const state = await readState(deps.pool, request.params.merchant_uid);
      if (!state) throw new NotFound(`no order ${request.params.merchant_uid}`);
      return { items: state.payments.map((record) => toPaymentView(state.order.merchant_uid, record, state.refunds)) };
    },
  );
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Idempotency-Key is honoured on this route */
    idempotent?: boolean;
  }
}
