import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';
import { eventExample } from '../http/openapi-examples.js';
import { readEvents } from './feed.js';
import { eventSchema, type OrderEvent } from './schemas.js';

const query = z.object({
  after: z.string().regex(/^\d{1,19}$/, 'must be an event id (digits)').default('0').describe('the id of the last event handled; 0 for the first'),
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
        data: row.data,
      })) as OrderEvent[];
      return { items, next_cursor: items.length === request.query.limit ? items.at(-1)!.id : null };
    },
  );
};
