import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

/** The checkout kit's script-tag build (clients/browser), made by `npm run build` (and by `npm start` and `npm test`). */
const KIT = new URL('../../clients/browser/dist/checkout.iife.js', import.meta.url);

async function readKit(): Promise<string> {
  try {
    return await readFile(KIT, 'utf8');
  } catch {
    throw new Error(`the checkout kit is not built (${KIT.pathname} is missing): run npm run build`);
  }
}

/** Serves the kit to shop pages: `<script src="<service>/payments/checkout.js">` defines `PaymentCheckout`. */
export const checkoutKitRoutes: FastifyPluginAsyncZod = async (app) => {
  const script = await readKit();
  app.get(
    '/payments/checkout.js',
    {
      config: { answerHeaders: ['Cache-Control'] },
      schema: {
        tags: ['payments'],
        operationId: 'getCheckoutKit',
        summary: 'the browser checkout kit as a script (defines PaymentCheckout)',
        security: [],
        description: 'The script-tag build of clients/browser: `PaymentCheckout.pay(order, options)` drives IMP.request_pay, verification and the order\'s status.',
        response: { 200: { description: 'JavaScript', content: { 'text/javascript': { schema: z.string().meta({ examples: ['var PaymentCheckout=(()=>{…})();'] }) } } } },
      },
    },
    async (_request, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(script as never),
  );
};
