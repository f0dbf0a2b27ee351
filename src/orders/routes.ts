import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Invalid } from '../http/errors.js';
import type { MoneyDeps } from '../payments/deps.js';
import { cancelOrder } from './cancel.js';
import { orderSchema, toOrder } from './model.js';
import { listOrders } from './repository.js';
import { cancelOrderBody, createOrderBody, errors, listOrdersQuery, merchantUidParams, orderPageSchema } from './schemas.js';
import { createOrder, getOrder, syncOrder } from './service.js';

const security = [{ apiKey: [] }];
const encodeCursor = (merchantUid: string) => Buffer.from(merchantUid).toString('base64url');
function decodeCursor(cursor: string): string {
  const value = Buffer.from(cursor, 'base64url').toString();
  if (!/^[\w-]{1,100}$/.test(value)) throw new Invalid('querystring.cursor: not a cursor this API returned');
  return value;
}

/** The internal orders API; the API-key hook is added by the enclosing internal scope. */
export const orderRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps }> = async (app, { deps }) => {
  app.post(
    '/orders',
    {
      config: { idempotent: true },
      schema: { tags: ['orders'], summary: "create an order and register its amount with i'mport", security, body: createOrderBody, response: { 201: orderSchema, ...errors } },
    },
    async (request, reply) => reply.status(201).send(toOrder(await createOrder(deps, request.body))),
  );

  app.get(
    '/orders/:merchant_uid',
    { schema: { tags: ['orders'], summary: 'one order', security, params: merchantUidParams, response: { 200: orderSchema, ...errors } } },
    async (request) => toOrder(await getOrder(deps, request.params.merchant_uid)),
  );

  app.get(
    '/orders',
    { schema: { tags: ['orders'], summary: 'orders, newest first (keyset pagination)', security, querystring: listOrdersQuery, response: { 200: orderPageSchema, ...errors } } },
    async (request) => {
      const { status, limit, cursor } = request.query;
      const page = await listOrders(deps.db, { status, limit, after: cursor ? decodeCursor(cursor) : undefined });
      return { items: page.rows.map(toOrder), next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.post(
    '/orders/:merchant_uid/cancel',
    {
      config: { idempotent: true },
      schema: { tags: ['orders'], summary: "refund all or part of a paid order through i'mport", security, params: merchantUidParams, body: cancelOrderBody, response: { 200: orderSchema, ...errors } },
    },
    async (request) => toOrder(await cancelOrder(deps, request.params.merchant_uid, request.body)),
  );

  app.post(
    '/orders/:merchant_uid/sync',
    { schema: { tags: ['orders'], summary: "fetch the truth from i'mport now and apply it", security, params: merchantUidParams, response: { 200: orderSchema, ...errors } } },
    async (request) => toOrder(await syncOrder(deps, request.params.merchant_uid)),
  );
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Idempotency-Key is honoured on this route */
    idempotent?: boolean;
  }
}
