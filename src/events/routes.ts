import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';
import { errorSchema } from '../http/errors.js';
import { eventExample } from '../http/openapi-examples.js';
import { orderSchema, paymentSchema } from '../settlement/views.js';
import { readEvents } from './feed.js';

const eventSchema = z.object({
  id: z.string(),
  type: z.string(),
  merchant_uid: z.string(),
  created_at: z.string(),
  data: orderSchema.extend({ payment: paymentSchema.optional().describe('the payment a payment.* event is about') }),
}).meta({ id: 'Event', examples: [eventExample] });
const query = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const eventRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/events',
    {
      schema: {
        tags: ['events'],
        operationId: 'listEvents',
        summary: 'the order-event feed, oldest first; pass the last id seen as `after`',
        security: [{ apiKey: [] }],
        querystring: query,
        response: {
          200: z.object({ items: z.array(eventSchema), next_cursor: z.string().nullable() }).meta({ examples: [{ items: [eventExample], next_cursor: eventExample.id }] }),
          400: errorSchema,
          401: errorSchema,
          503: errorSchema,
        },
      },
    },
    async (request) => {
      const rows = await readEvents(db, request.query.after, request.query.limit);
      const items = rows.map((row) => ({
        id: row.id,
        type: row.type,
        merchant_uid: row.merchant_uid,
        created_at: row.created_at.toISOString(),
        data: row.data as z.infer<typeof eventSchema>['data'],
      }));
      return { items, next_cursor: items.length === request.query.limit ? items.at(-1)!.id : null };
    },
  );
};
