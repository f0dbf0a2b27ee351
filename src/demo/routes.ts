import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import { storableString } from '../http/text.js';
import { escapeHtml } from '../views/html.js';
import { statusUrlOf } from '../links/status-url.js';
import { findOrder } from '../orders/repository.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { PROVIDERS } from '../settlement/model.js';
import { openOrder } from '../settlement/orders.js';

const PUBLIC_DIR = new URL('../../public/demo/', import.meta.url);
const PRODUCT = { name: '한정판 머그컵', unitPrice: 12_900 };

const demoOrderBody = z.object({
  quantity: z.number().int().min(1).max(10),
  buyer: z.object({ name: storableString().max(50).optional(), email: storableString().max(100).optional(), tel: storableString().max(30).optional() }).optional(),
  provider: z.enum(PROVIDERS).optional(),
});

/** Orders one visitor (client IP) may make a minute, counted apart from every other limit. */
const DEMO_ORDERS_PER_MINUTE = 10;

/** Marks the orders this page made, so they can be told from a shop's own in the console and the database. */
const DEMO_METADATA = { created_by: 'demo-page' };

/**
 * What the page gets of an order, and so all that a visitor without an API key may see: no buyer, no metadata; the
 * status URL is what the checkout kit watches the order through.
 */
const demoView = (order: {
  merchant_uid: string;
  name: string;
  amount: unknown;
  currency: string;
  provider: string;
  status: string;
  paid_amount: unknown;
  cancelled_amount: unknown;
  status_url: string;
}) => ({
  merchant_uid: order.merchant_uid,
  name: order.name,
  amount: Number(order.amount),
  currency: order.currency,
  provider: order.provider,
  status: order.status,
  paid_amount: Number(order.paid_amount),
  cancelled_amount: Number(order.cancelled_amount),
  status_url: order.status_url,
});

const REAL_SDK = 'https://cdn.iamport.kr/v1/iamport.js';
const REAL_PORTONE_SDK = 'https://cdn.portone.io/v2/browser-sdk.js';

/**
 * The PSPs the page can pay through, in the order it offers them (the default first): i'mport when configured, PortOne
 * V2 when configured with the store and channel its checkout needs.
 */
function providersOf(config: Config): string[] {
  const ready = { iamport: Boolean(config.iamport), portone: Boolean(config.portone?.storeId && config.portone.channelKey) };
  return (['iamport', 'portone'] as const).filter((provider) => ready[provider]).sort((a, b) => Number(b === config.defaultProvider) - Number(a === config.defaultProvider));
}

/**
 * The page with the scripts it pays through: the built-in simulators' in sandbox mode, or i'mport's and PortOne's own,
 * with the shop's merchant code, V2 store and channel.
 */
function renderPage(template: string, config: Config): string {
  const sandbox = config.mode === 'sandbox';
  const providers = providersOf(config);
  const values: Record<string, string> = {
    IAMPORT_SDK: sandbox ? '/sandbox/iamport/iamport.js' : REAL_SDK,
    IMP_CODE: config.merchantCode,
    SANDBOX: String(sandbox),
    PROVIDERS: providers.join(','),
    PORTONE_SDK: sandbox ? '/sandbox/portone/browser-sdk.js' : REAL_PORTONE_SDK,
    PORTONE_STORE_ID: config.portone?.storeId ?? '',
    PORTONE_CHANNEL_KEY: config.portone?.channelKey ?? '',
    MODE: sandbox ? 'sandbox mode' : `real ${providers.map((p) => (p === 'iamport' ? "i'mport" : 'PortOne V2')).join(' · ')}`,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => escapeHtml(values[name] ?? ''));
}

/**
 * The demo shop at `/`: a page, and a route that opens orders as the demo itself, never under an internal caller's
 * API key (whose quota anonymous visitors would spend), each visitor limited to DEMO_ORDERS_PER_MINUTE.
 */
export const demoRoutes: FastifyPluginAsyncZod<{ config: Config; deps: MoneyDeps }> = async (app, { config, deps }) => {
  const page = renderPage(await readFile(new URL('index.html', PUBLIC_DIR), 'utf8'), config);
  const script = await readFile(new URL('shop.js', PUBLIC_DIR), 'utf8');

  app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/demo/shop.js', { schema: { hide: true } }, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(script));

  app.post('/demo/orders', { config: { ownRateLimit: { name: 'demo', perMinute: DEMO_ORDERS_PER_MINUTE } }, schema: { hide: true, body: demoOrderBody } }, async (request, reply) => {
    const { quantity, buyer, provider } = request.body;
    const order = { amount: PRODUCT.unitPrice * quantity, name: `${PRODUCT.name} x${quantity}`, buyer, metadata: DEMO_METADATA, provider: provider ?? config.defaultProvider };
    const merchantUid = await openOrder(deps, order);
    const statusUrl = await statusUrlOf(deps.db, config.publicBaseUrl, merchantUid);
    return reply.status(201).send(demoView({ ...(await findOrder(deps.db, merchantUid))!, status_url: statusUrl }));
  });

};
