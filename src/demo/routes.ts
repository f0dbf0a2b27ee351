import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import { NotFound } from '../errors.js';
import { findOrder } from '../orders/repository.js';

const PUBLIC_DIR = new URL('../../public/demo/', import.meta.url);
const PRODUCT = { name: '한정판 머그컵', unitPrice: 12_900 };

const demoOrderBody = z.object({
  quantity: z.number().int().min(1).max(10),
  buyer: z.object({ name: z.string().max(50).optional(), email: z.string().max(100).optional(), tel: z.string().max(30).optional() }).optional(),
});

/** Marks the orders this page made: the only ones it shows. */
const DEMO_METADATA = { created_by: 'demo-page' };

/** What the page shows of an order, and so all that a visitor without an API key may see: no buyer, no metadata. */
const demoView = (order: { merchant_uid: string; name: string; amount: unknown; status: string; paid_amount: unknown; cancelled_amount: unknown }) => ({
  merchant_uid: order.merchant_uid,
  name: order.name,
  amount: Number(order.amount),
  status: order.status,
  paid_amount: Number(order.paid_amount),
  cancelled_amount: Number(order.cancelled_amount),
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
export const demoRoutes: FastifyPluginAsyncZod<{ config: Config; db: Db }> = async (app, { config, db }) => {
  const page = renderPage(await readFile(new URL('index.html', PUBLIC_DIR), 'utf8'), config);
  const script = await readFile(new URL('shop.js', PUBLIC_DIR), 'utf8');
  const internal = { authorization: `Bearer ${config.apiKeys[0]?.key}` };

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

  app.get('/demo/orders/:merchant_uid', { schema: { hide: true, params: z.object({ merchant_uid: z.string().max(100) }) } }, async (request) => {
    const order = await findOrder(db, request.params.merchant_uid);
    if (order?.metadata.created_by !== DEMO_METADATA.created_by) throw new NotFound(`no demo order ${request.params.merchant_uid}`);
    return demoView(order);
  });
};
