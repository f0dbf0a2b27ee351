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
      payload: { amount: PRODUCT.unitPrice * quantity, name: `${PRODUCT.name} x${quantity}`, buyer },
    });
    return reply.status(created.statusCode).type('application/json').send(created.body);
  });

  app.get('/demo/orders/:merchant_uid', { schema: { hide: true, params: z.object({ merchant_uid: z.string().max(100) }) } }, async (request, reply) => {
    const found = await app.inject({ method: 'GET', url: `/orders/${encodeURIComponent(request.params.merchant_uid)}`, headers: internal });
    return reply.status(found.statusCode).type('application/json').send(found.body);
  });
};
