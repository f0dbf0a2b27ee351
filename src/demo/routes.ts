import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';

const PUBLIC_DIR = new URL('../../public/demo/', import.meta.url);
const PRODUCT = { name: '한정판 머그컵', unitPrice: 12_900 };

const demoOrderBody = z.object({
  quantity: z.number().int().min(1).max(10),
  buyer: z.object({ name: z.string().max(50).optional(), email: z.string().max(100).optional(), tel: z.string().max(30).optional() }).optional(),
});

/** Marks the orders this page made, so they can be told from a shop's own in the console and the database. */
const DEMO_METADATA = { created_by: 'demo-page' };

/**
 * What the page gets of an order, and so all that a visitor without an API key may see: no buyer, no metadata; the
 * status URL is what the checkout kit watches the order through.
 */
const demoView = (order: { merchant_uid: string; name: string; amount: unknown; status: string; paid_amount: unknown; cancelled_amount: unknown; status_url: string }) => ({
  merchant_uid: order.merchant_uid,
  name: order.name,
  amount: Number(order.amount),
  status: order.status,
  paid_amount: Number(order.paid_amount),
  cancelled_amount: Number(order.cancelled_amount),
  status_url: order.status_url,
});

const REAL_SDK = 'https://cdn.iamport.kr/v1/iamport.js';

/** The page with the i'mport script it pays through: the built-in sandbox's, or the real one with the shop's code. */
function renderPage(template: string, config: Config): string {
  const sandbox = config.mode === 'sandbox';
  const values: Record<string, string> = {
    IAMPORT_SDK: sandbox ? '/sandbox/iamport/iamport.js' : REAL_SDK,
    IMP_CODE: config.merchantCode,
    SANDBOX: String(sandbox),
    MODE: sandbox ? 'sandbox mode' : "real i'mport",
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => values[name] ?? '');
}

/**
 * The demo shop at `/`: a page, and a server route that creates orders through the internal API with the
 * server's own key, so no API key ever reaches the browser.
 */
export const demoRoutes: FastifyPluginAsyncZod<{ config: Config }> = async (app, { config }) => {
  const page = renderPage(await readFile(new URL('index.html', PUBLIC_DIR), 'utf8'), config);
  const script = await readFile(new URL('shop.js', PUBLIC_DIR), 'utf8');
  const internal = { authorization: `Bearer ${config.apiKeys[0]}` };

  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/demo/shop.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(script));

  app.post('/demo/orders', { schema: { hide: true, body: demoOrderBody } }, async (request, reply) => {
    const { quantity, buyer } = request.body;
    const created = await app.inject({
      method: 'POST',
      url: '/orders',
      headers: internal,
      payload: { amount: PRODUCT.unitPrice * quantity, name: `${PRODUCT.name} x${quantity}`, buyer, metadata: DEMO_METADATA },
    });
    const body = created.statusCode === 201 ? JSON.stringify(demoView(created.json())) : created.body;
    return reply.status(created.statusCode).type('application/json').send(body);
  });

};
