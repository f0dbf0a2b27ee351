import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';
import { errorSchema } from './errors.js';

const okSchema = z.object({ ok: z.literal(true) }).meta({ examples: [{ ok: true }] });
const notReadySchema = z.object({ ok: z.literal(false), message: z.string() });
/** Nothing in these routes refuses a request; only the HTTP layer does, before routing (malformed HTTP, headers too large). */
const refused = { '4xx': errorSchema };
const tags = ['operations'];

export const operationsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/healthz',
    { schema: { tags, operationId: 'checkHealth', summary: 'the process is up', security: [], response: { 200: okSchema, ...refused } } },
    async () => ({ ok: true as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags,
        operationId: 'checkReadiness',
        summary: 'the database answers',
        security: [],
        response: { 200: okSchema, 503: notReadySchema, ...refused },
      },
    },
    async (request, reply) => {
      try {
        await sql`SELECT 1`.execute(db);
        return { ok: true as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({ ok: false as const, message: 'database unreachable' });
      }
    },
  );
};
