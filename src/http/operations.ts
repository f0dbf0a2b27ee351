import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';

const okSchema = z.object({ ok: z.literal(true) });
const notReadySchema = z.object({ ok: z.literal(false), message: z.string() });

export const operationsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/healthz',
    { schema: { tags: ['operations'], summary: 'the process is up', response: { 200: okSchema } } },
    async () => ({ ok: true as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'the database answers',
        response: { 200: okSchema, 503: notReadySchema },
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
