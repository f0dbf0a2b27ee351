import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { NotFound } from '../errors.js';
import { errorSchema } from '../http/errors.js';
import { storableString } from '../http/text.js';
import { merchantUidOfStatusToken } from '../links/status-url.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { readLinkedOrder } from './linked-order.js';
import type { OrderWatch } from './order-watch.js';
import { orderStatusOf, orderStatusSchema } from './order-status.js';

const LINK = 'order status link';
/** API.md: `?wait=N`, N ≤ 25 seconds, below the usual 30 s idle timeout of proxies in between */
const MAX_WAIT_S = 25;

const statusQuery = z.object({
  wait: z.coerce.number().int().min(0).max(MAX_WAIT_S).optional().describe('hold the answer up to this many seconds until the order changes'),
  version: z.coerce.number().int().min(0).optional().describe("the `version` last seen: a different one is answered at once, the same one waited on"),
});

export const orderStatusRoutes: FastifyPluginAsyncZod<{ deps: MoneyDeps; watch: OrderWatch }> = async (app, { deps, watch }) => {
  app.get(
    '/payments/status/:token',
    {
      config: { publicStatus: true, answerHeaders: ['Cache-Control'] },
      schema: {
        tags: ['payments'],
        operationId: 'getOrderStatus',
        summary: "an order's status for the buyer's browser (status_url), optionally long-polled",
        security: [],
        description:
          '`status_url` as `POST /orders` and `POST /payments/complete` return it: public and signed (an edited URL is a 404), ' +
          "working for 7 days after the order's last change or a day after its virtual account's due date if later (then 410). " +
          'With `wait`, the answer is held until the order changes (on any instance) or `wait` seconds pass; with `version` too, ' +
          'a change since that version is answered at once, so nothing that happened between two polls is missed.',
        params: z.object({ token: storableString().max(300) }),
        querystring: statusQuery,
        response: { 200: orderStatusSchema, 400: errorSchema, 404: errorSchema, 410: errorSchema, 429: errorSchema },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const merchantUid = await merchantUidOfStatusToken(deps.db, request.params.token);
      if (!merchantUid) throw new NotFound(`this ${LINK} is not valid`);
      let state = await readLinkedOrder(deps.pool, merchantUid, LINK);
      const { wait, version = state.order.version } = request.query;
      if (wait && version === state.order.version) {
        const gone = new AbortController();
        reply.raw.once('close', () => gone.abort());
        if (await watch.changed(merchantUid, version, wait * 1000, gone.signal)) state = await readLinkedOrder(deps.pool, merchantUid, LINK);
      }
      return orderStatusOf(state);
    },
  );
};
