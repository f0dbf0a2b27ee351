import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';
import { errorSchema } from './errors.js';

const okSchema = z.object({ ok: z.literal(true) }).meta({ examples: [{ ok: true }] });
/** The error shape, so that a load balancer and a person read it alike */
const notReadySchema = errorSchema.extend({ ok: z.literal(false).optional().describe('absent when the instance is shutting down') });
const tags = ['operations'];

export const operationsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/healthz',
    { schema: { tags, operationId: 'checkHealth', summary: 'the process is up', security: [], response: { 200: okSchema } } },
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
        response: { 200: okSchema, 503: notReadySchema },
      },
    },
    async (request, reply) => {
      try {
        await sql`SELECT 1`.execute(db);
        return { ok: true as const };
      } catch (error) {
        request.log.warn({ err: error }, 'readiness check failed');
        return reply.status(503).send({ ok: false as const, error: 'unavailable', message: 'database unreachable' });
      }
    },
  );
};
