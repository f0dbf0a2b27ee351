import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';
import type { Provider, RefundRecord, RefundState } from '../settlement/model.js';
import { refundExample } from '../http/openapi-examples.js';
import { refundSchema, toRefundView, type Refund } from '../views/orders.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import type { Page } from './repository.js';
import { listRefundsQuery } from './schemas.js';

/** Newest first, keyset-paginated on (created_at, id); `state=needs_operator` is the list of refunds a person must finish. */
async function listRefunds(db: Db, options: { state?: RefundState; limit: number; after?: string }): Promise<Page<Refund>> {
  const { rows } = await sql<{ merchant_uid: string; refund: RefundRecord; provider: Provider }>`
    SELECT merchant_uid, to_jsonb(r) - 'merchant_uid' AS refund,
      (SELECT p.snapshot->>'provider' FROM payments p WHERE p.source_id = r.source_id) AS provider
    FROM refunds r
    WHERE (${options.state ?? null}::text IS NULL OR state = ${options.state ?? null})
      AND (${options.after ?? null}::text IS NULL OR (created_at, id) < (SELECT created_at, id FROM refunds WHERE id = ${options.after ?? null}))
    ORDER BY created_at DESC, id DESC
    LIMIT ${options.limit + 1}`.execute(db);
  const page = rows.slice(0, options.limit).map((row) => toRefundView(row.merchant_uid, normalise(row.refund), row.provider));
  return { rows: page, next: rows.length > options.limit ? page.at(-1)!.id : null };
}

const normalise = (refund: RefundRecord): RefundRecord => ({
  ...refund,
  created_at: new Date(refund.created_at).toISOString(),
  completed_at: refund.completed_at && new Date(refund.completed_at).toISOString(),
});

export const refundRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/refunds',
    {
      schema: {
        tags: ['refunds'],
        operationId: 'listRefunds',
        summary: 'refunds and revokes the service owes or made, newest first; state=needs_operator lists those a person must finish',
        security: [{ apiKey: [] }],
        querystring: listRefundsQuery,
        response: {
          200: z.object({ items: z.array(refundSchema), next_cursor: z.string().nullable() }).meta({ examples: [{ items: [refundExample], next_cursor: null }] }),
        },
      },
    },
    async (request) => {
      const { state, limit, cursor } = request.query;
      const page = await listRefunds(db, { state, limit, after: cursor ? decodeCursor(cursor) : undefined });
      return { items: page.rows, next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );
};
