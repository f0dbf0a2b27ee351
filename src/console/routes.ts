import { attentionExample, receiptPageExample, receiptWithBodyExample, statusExample, timelineExample } from './examples.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import { Invalid, NotFound } from '../errors.js';
import type { BusinessMetrics } from '../http/business-metrics.js';
import { decodeCursor, encodeCursor } from '../orders/cursor.js';
import { merchantUidParams, notFound, orderPageSchema } from '../orders/schemas.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { toOrderView } from '../views/orders.js';
import { readAttention, readAttentionList } from './attention.js';
import { exportRoutes } from './export-routes.js';
import { listReceipts, receiptWithBody } from './receipts.js';
import {
  attentionListParams,
  attentionListQuery,
  attentionListSchema,
  attentionQuery,
  attentionSchema,
  receiptIdParams,
  receiptPageSchema,
  receiptsQuery,
  receiptWithBodySchema,
  searchQuery,
  statusSchema,
  timelineSchema,
} from './schemas.js';
import { searchOrders } from './search.js';
import { readStatus } from './status.js';
import { readTimeline } from './timeline.js';

export interface ConsoleApiOptions {
  deps: MoneyDeps;
  business: BusinessMetrics;
  config: Config;
}

const tags = ['console'];
const security = [{ apiKey: [] }];

function receiptCursor(cursor: string | undefined): string | undefined {
  const id = cursor === undefined ? undefined : decodeCursor(cursor);
  if (id !== undefined && !/^\d{1,18}$/.test(id)) throw new Invalid('querystring.cursor: not a cursor this API returned');
  return id;
}

/** What the operator's console reads, beside the orders and refunds API; all reads. The API-key hook is the scope's. */
export const consoleApiRoutes: FastifyPluginAsyncZod<ConsoleApiOptions> = async (app, { deps, business, config }) => {
  await app.register(exportRoutes, { db: deps.db });

  app.get(
    '/orders/search',
    {
      schema: {
        operationId: 'searchOrders',
        tags,
        summary: 'orders by merchant_uid, imp_uid, the start of a buyer name or email, status and creation day (KST); newest first (keyset pagination)',
        security,
        querystring: searchQuery,
        response: { 200: orderPageSchema },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      const page = await searchOrders(deps.db, { ...filter, after: cursor ? decodeCursor(cursor) : undefined });
      return { items: page.rows.map(toOrderView), next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/orders/:merchant_uid/timeline',
    {
      schema: {
        operationId: 'getOrderTimeline',
        tags,
        summary: "everything that happened to an order, oldest first: payments, i'mport's cancels, webhooks, refunds, events",
        security,
        params: merchantUidParams,
        response: { 200: timelineSchema.meta({ examples: [timelineExample] }), ...notFound },
      },
    },
    async (request) => {
      const timeline = await readTimeline(deps.db, deps.pool, request.params.merchant_uid);
      if (!timeline) throw new NotFound(`no order ${request.params.merchant_uid}`);
      return timeline;
    },
  );

  app.get(
    '/webhook-receipts',
    {
      schema: {
        operationId: 'listWebhookReceipts',
        tags,
        summary: "i'mport's webhook deliveries as received (when, from where, outcome), newest first",
        security,
        querystring: receiptsQuery,
        response: { 200: receiptPageSchema.meta({ examples: [receiptPageExample] }) },
      },
    },
    async (request) => {
      const { cursor, ...filter } = request.query;
      const page = await listReceipts(deps.db, { ...filter, after: receiptCursor(cursor) });
      return { items: page.rows, next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  app.get(
    '/webhook-receipts/:id',
    {
      schema: {
        operationId: 'getWebhookReceipt',
        tags,
        summary: "one of i'mport's webhook deliveries with its body as received",
        security,
        params: receiptIdParams,
        response: { 200: receiptWithBodySchema.meta({ examples: [receiptWithBodyExample] }), ...notFound },
      },
    },
    async (request) => {
      const receipt = await receiptWithBody(deps.db, request.params.id);
      if (!receipt) throw new NotFound(`no webhook receipt ${request.params.id}`);
      return receipt;
    },
  );

  app.get(
    '/attention',
    {
      schema: {
        operationId: 'getAttention',
        tags,
        summary: "the operator's inbox: refunds to finish, money held, failing event pushes by endpoint, failed webhooks; each paged with its total",
        security,
        querystring: attentionQuery,
        response: { 200: attentionSchema.meta({ examples: [attentionExample] }) },
      },
    },
    async (request) => readAttention(deps.db, request.query.limit),
  );

  app.get(
    '/attention/:list',
    {
      schema: {
        operationId: 'getAttentionList',
        tags,
        summary: "one more page of one of the inbox's lists",
        security,
        params: attentionListParams,
        querystring: attentionListQuery,
        response: { 200: attentionListSchema.meta({ examples: [attentionExample.refunds] }) },
      },
    },
    async (request) => readAttentionList(deps.db, request.params.list, request.query.limit, request.query.cursor),
  );

  app.get(
    '/status',
    {
      schema: {
        operationId: 'getStatus',
        tags,
        summary: "i'mport last reached, the sweeper's last pass, the outbox backlog and orders needing an operator",
        security,
        response: { 200: statusSchema.meta({ examples: [statusExample] }) },
      },
    },
    async () => readStatus(deps.db, business, config),
  );
};
