import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';
import { ordersCsv, refundsCsv } from './exports.js';
import { ordersExportQuery, refundsExportQuery } from './schemas.js';

const tags = ['console'];
const security = [{ apiKey: [] }];

const csvResponse = (description: string, example: string) => ({
  description,
  content: { 'text/csv': { schema: z.string().meta({ examples: [example] }) } },
});

/** The download's headers: a file named for what and when (the KST day), never cached. */
const attachment = (name: string) => {
  const day = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  return { 'content-disposition': `attachment; filename="${name}-${day}.csv"`, 'cache-control': 'no-store', 'content-type': 'text/csv; charset=utf-8' };
};

/** CSV exports of what the console's orders filter shows: the orders, and their refunds. */
export const exportRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/exports/orders.csv',
    {
      config: { answerHeaders: ['Content-Disposition', 'Cache-Control'] },
      schema: {
        operationId: 'exportOrders',
        tags,
        summary: 'the orders a filter selects, as CSV for accounting (amounts in won, times in KST)',
        security,
        querystring: ordersExportQuery,
        response: { 200: csvResponse('one row per order, newest first', 'merchant_uid,created_at,name,status,…\r\nord_0mbq2k7x3Zq8,2026-05-04 10:03:11 +09:00,T-shirt x2,paid,…\r\n') },
      },
    },
    async (request, reply) => reply.headers(attachment('orders')).send((await ordersCsv(db, request.query)) as never),
  );

  app.get(
    '/exports/refunds.csv',
    {
      config: { answerHeaders: ['Content-Disposition', 'Cache-Control'] },
      schema: {
        operationId: 'exportRefunds',
        tags,
        summary: 'the refunds, made in a period (KST), of the orders a filter selects, as CSV for accounting',
        security,
        querystring: refundsExportQuery,
        response: { 200: csvResponse('one row per refund, newest first', 'refund_id,created_at,completed_at,merchant_uid,…\r\nrf_m3k2…,2026-05-04 10:05:00 +09:00,…\r\n') },
      },
    },
    async (request, reply) => reply.headers(attachment('refunds')).send((await refundsCsv(db, request.query)) as never),
  );
};
