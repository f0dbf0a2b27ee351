import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../db/connect.js';
import { NotFound } from '../errors.js';
import { paymentErrorSchema } from '../http/errors.js';
import { orderOfResultReference } from './result-link.js';
import { renderResultPage } from './result-page.js';

export const resultPageRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get(
    '/payments/result',
    {
      config: { publicStatus: true },
      schema: {
        tags: ['payments'],
        operationId: 'showPaymentResult',
        summary: 'the result page the redirect flow lands on',
        security: [],
        description:
          'Shows the order as the service holds it, found from `ref`, a signed reference that `GET /payments/complete` ' +
          'redirects to: editing the URL can change neither the outcome shown nor put any text on the page.',
        querystring: z.object({ ref: z.string().max(200) }),
        response: {
          200: {
            description: 'the page',
            headers: { 'Cache-Control': { type: 'string' } },
            content: { 'text/html': { schema: z.string().meta({ examples: ['<!doctype html><html lang="ko">…결제 완료…</html>'] }) } },
          },
          404: paymentErrorSchema,
        },
      },
    },
    async (request, reply) => {
      const order = await orderOfResultReference(db, request.query.ref);
      if (!order) throw new NotFound('this payment result link is not valid');
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(renderResultPage(order) as never);
    },
  );
};
