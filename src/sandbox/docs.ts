import type { FastifyInstance } from 'fastify';
import fastifySwagger, { type SwaggerTransform } from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';

/**
 * The simulator's own contract, for teams pointing their code at it: its routes, served at `<prefix>/openapi.json`
 * and `<prefix>/docs`, apart from the service's (which hides them). Shapes are i'mport's envelope; the statuses are
 * those the simulator answers (README: The i'mport sandbox).
 */

type Tag = 'rest' | 'control' | 'checkout';
/** operationId, summary, tag, the statuses beyond 200 it answers */
type Entry = [string, string, Tag, number[]];

const REST = [400, 401, 404, 500, 503];
const CONTROL = [400, 500];

const OPERATIONS: Record<string, Entry> = {
  'POST /users/getToken': ['getToken', 'an access token for imp_key and imp_secret (30 minutes)', 'rest', [400, 401, 500, 503]],
  'GET /payments/:imp_uid': ['getPayment', 'one payment (test-channel ones only with include_sandbox=true)', 'rest', REST],
  'GET /payments': ['listPaymentsByIds', 'payments by imp_uid[] and merchant_uid[] (207 when some are not found)', 'rest', [207, ...REST]],
  'GET /payments/find/:merchant_uid/:payment_status?': ['findPayment', "an order's most recent payment, optionally in one status", 'rest', REST],
  'GET /payments/findAll/:merchant_uid/:payment_status?': ['findAllPayments', "every payment of an order, paged", 'rest', REST],
  'GET /payments/status/:payment_status': ['listPaymentsByStatus', 'payments in a status over a period, paged', 'rest', REST],
  'POST /payments/prepare': ['preparePayment', 'pre-register the amount of a merchant_uid', 'rest', REST],
  'PUT /payments/prepare': ['changePreparedPayment', 'change a pre-registered amount', 'rest', REST],
  'GET /payments/prepare/:merchant_uid': ['getPreparedPayment', 'a pre-registered amount', 'rest', REST],
  'POST /payments/cancel': ['cancelPayment', 'refund all or part of a payment (or close an unpaid virtual account)', 'rest', REST],
  'DELETE /vbanks/:imp_uid': ['revokeVbank', 'close an unpaid virtual account', 'rest', REST],
  'POST /__control/payments': ['createPaymentDirectly', 'create a payment in any state and amount', 'control', [201, ...CONTROL]],
  'POST /__control/payments/:imp_uid/:action': ['actOnPayment', 'deposit, pay, fail or cancel a payment as the PG would', 'control', [404, 409, ...CONTROL]],
  'POST /__control/payments/:imp_uid/webhook': ['sendWebhook', "send a payment's webhook (stale, repeated, later)", 'control', [202, 404, ...CONTROL]],
  'DELETE /__control/prepared/:merchant_uid': ['forgetPreparedAmount', 'forget a pre-registered amount', 'control', [404, ...CONTROL]],
  'POST /__control/faults': ['injectFault', 'make the next REST calls fail', 'control', [201, ...CONTROL]],
  'GET /__control/counters': ['getCounters', 'REST calls per endpoint', 'control', CONTROL],
  'POST /__control/reset': ['reset', 'clear counters and faults', 'control', CONTROL],
  'GET /__control/webhooks': ['getPendingWebhooks', 'webhooks still to be sent', 'control', CONTROL],
  'PUT /__control/webhook-url': ['setWebhookUrl', 'where webhooks go', 'control', CONTROL],
  'GET /iamport.js': ['getCheckoutScript', 'the browser SDK (IMP.init, IMP.request_pay)', 'checkout', [400]],
  'GET /checkout.html': ['getCheckoutWindow', 'the payment window', 'checkout', [400]],
  'POST /__checkout': ['submitCheckout', "the payment window's answer: the payer's choice becomes a payment", 'checkout', [400, 500]],
};

const ENVELOPE = {
  type: 'object',
  required: ['code', 'message', 'response'],
  properties: {
    code: { type: 'integer', description: '0: done; 1: refused by a business rule; -1: an error' },
    message: { type: ['string', 'null'] },
    response: { description: 'the answer, null on a refusal' },
  },
  examples: [{ code: 0, message: null, response: { imp_uid: 'imp_482910375561', status: 'paid', amount: 50000 } }],
};
const RSP = { type: 'object', required: ['rsp'], properties: { rsp: { type: 'object', description: "IMP.request_pay's rsp" } } };
const CONTENT: Record<string, [string, Record<string, unknown>]> = {
  'GET /iamport.js': ['text/javascript', { type: 'string' }],
  'GET /checkout.html': ['text/html', { type: 'string' }],
  'POST /__checkout': ['application/json', RSP],
};

function responsesOf(key: string, statuses: number[]): Record<string, unknown> {
  const [type, schema] = CONTENT[key] ?? ['application/json', ENVELOPE];
  const codes = statuses.some((code) => code < 300) ? statuses : [200, ...statuses];
  return Object.fromEntries(codes.map((code) => [code, { description: code < 300 ? 'answered' : 'refused', content: { [type]: { schema } } }]));
}

function transform(prefix: string): SwaggerTransform {
  return ({ schema, url, route }) => {
    const key = `${[route.method].flat()[0]} ${url.slice(prefix.length)}`;
    const entry = OPERATIONS[key];
    if (!entry || schema?.hide) return { schema: { hide: true }, url };
    const [operationId, summary, tag, statuses] = entry;
    const security = tag === 'rest' && operationId !== 'getToken' ? [{ impToken: [] }] : [];
    // an optional last segment (`:payment_status?`) is a path parameter that may be left out, with its slash
    return { schema: { operationId, summary, tags: [tag], security, response: responsesOf(key, statuses) } as never, url: url.replace(/\?$/, '') };
  };
}

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: "payment-verifier's i'mport sandbox",
    version: '0.1.0',
    description: "A simulator of i'mport's V1 REST API, its checkout and a control API for tests. Not payment-verifier's contract (that is /openapi.json).",
    license: { name: 'Proprietary: for the shop’s own services', identifier: 'LicenseRef-Proprietary' },
  },
  servers: [{ url: '/', description: 'the sandbox (its paths include its prefix)' }],
  tags: [
    { name: 'rest', description: "i'mport's V1 REST API, as the sandbox implements it" },
    { name: 'control', description: 'test and demo control: payments in any state, faults, counters' },
    { name: 'checkout', description: 'the browser side: SDK and payment window' },
  ],
  components: {
    securitySchemes: { impToken: { type: 'apiKey' as const, in: 'header', name: 'Authorization', description: 'the access_token of POST /users/getToken' } },
  },
};

/** Registers the simulator's document and docs page in its own (prefixed) scope, before its routes. */
export async function registerSandboxDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, { openapi: DOCUMENT, transform: transform(app.prefix) });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
