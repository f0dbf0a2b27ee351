import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { registerComponents } from './openapi-components.js';
import { SECURITY_HEADERS } from './openapi-headers.js';
import { documentComponents, documentRoute } from './openapi-transform.js';

const TAGS = {
  internal: [
    { name: 'orders', description: 'internal: create, read, cancel and sync orders' },
    { name: 'refunds', description: 'internal: refunds the service owes or made on its own' },
    { name: 'events', description: 'internal: the order-event feed, pulled (GET /events) or pushed to EVENT_WEBHOOK_URL (webhooks: orderEvent)' },
    { name: 'console', description: "internal: what the operator's console at /console reads (search, timeline, webhook receipts, attention, status)" },
  ],
  public: [
    { name: 'payments', description: "public: the browser's callback after IMP.request_pay, and the result page" },
    { name: 'webhooks', description: "public: i'mport's notifications" },
  ],
  operations: [{ name: 'operations', description: 'health and readiness' }],
};

const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'payment-verifier',
    version: '0.1.0',
    description:
      "Orders and payments verified against i'mport (PortOne V1). Internal endpoints need " +
      "`Authorization: Bearer <API key>`; the public ones are called by browsers and by i'mport.\n\n" +
      'Every status an operation can answer is listed, each error with the `Error` body (`PaymentError` on the public ' +
      'payment endpoints). Beside the headers listed per answer, every answer carries the security headers ' +
      `${SECURITY_HEADERS.join(', ')}, and HTTP's own.`,
    license: { name: 'Proprietary: for the shop’s own services', identifier: 'LicenseRef-Proprietary' },
  },
  // relative: the service that serves this document (its PUBLIC_BASE_URL), wherever it runs
  servers: [{ url: '/', description: 'this service' }],
  tags: [...TAGS.internal, ...TAGS.public, ...TAGS.operations],
  'x-tagGroups': [
    { name: 'Internal API (Bearer API key)', tags: TAGS.internal.map((tag) => tag.name) },
    { name: "Public (browsers and i'mport, no key)", tags: TAGS.public.map((tag) => tag.name) },
    { name: 'Operations', tags: TAGS.operations.map((tag) => tag.name) },
  ],
  components: {
    securitySchemes: { apiKey: { type: 'http' as const, scheme: 'bearer', description: 'one of API_KEYS' } },
  },
};

/**
 * The OpenAPI document is generated from the routes' zod schemas; `npm run openapi` commits it as openapi.yaml, and
 * `redocly.yaml` holds the rules it must pass.
 */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  registerComponents();
  await app.register(fastifySwagger, {
    openapi: DOCUMENT,
    transform: documentRoute,
    transformObject: documentComponents,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
