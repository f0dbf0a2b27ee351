import type { FastifyInstance } from 'fastify';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The OpenAPI document is generated from the routes' zod schemas; `npm run openapi` commits it as openapi.yaml. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'payment-verifier',
        version: '0.1.0',
        description:
          "Orders and payments verified against i'mport (PortOne V1). Internal endpoints need " +
          '`Authorization: Bearer <API key>`; the public ones are called by browsers and by i\'mport.',
      },
      tags: [
        { name: 'orders', description: 'internal: create, read, cancel and sync orders' },
        { name: 'events', description: 'internal: the order-event feed' },
        { name: 'console', description: "internal: what the operator's console at /console reads (search, timeline, webhook receipts, attention, status)" },
        { name: 'payments', description: "public: the browser's callback after IMP.request_pay" },
        { name: 'webhooks', description: "public: i'mport's notifications" },
        { name: 'operations', description: 'health, readiness, metrics and docs' },
      ],
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'one of API_KEYS' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
