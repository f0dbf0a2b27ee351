import { eventExample } from './openapi-examples.js';

/**
 * The push (webhooks/outbound.ts) as OpenAPI 3.1 `webhooks:`: what the service POSTs to EVENT_WEBHOOK_URL, signed per
 * Standard Webhooks, and what it makes of the receiver's answer.
 */

const signatureHeader = (name: string, description: string, example: string) => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string' },
  example,
});

const RETRIED = 'not received: the same event (same webhook-id) is pushed again with exponential backoff, for a little over 24 hours';

export function eventWebhooks(): Record<string, unknown> {
  return {
    orderEvent: {
      post: {
        operationId: 'receiveOrderEvent',
        summary: 'an order event, pushed to EVENT_WEBHOOK_URL',
        description:
          'Every event of `GET /events` is POSTed here at least once, in no guaranteed order, signed per the Standard ' +
          'Webhooks spec with EVENT_WEBHOOK_SECRET: `webhook-signature` is `v1,` and the base64 HMAC-SHA256 of ' +
          '`{webhook-id}.{webhook-timestamp}.{raw body}`, keyed with the base64-decoded part of the secret after `whsec_`. ' +
          'Verify it on the raw body, before parsing (the client\'s `verifyWebhook`), and deduplicate on `webhook-id`.',
        tags: ['events'],
        security: [],
        parameters: [
          signatureHeader('webhook-id', "the event's id, prefixed: the same on every attempt", `evt_${eventExample.id}`),
          signatureHeader('webhook-timestamp', 'unix seconds when this attempt was signed', '1777856591'),
          signatureHeader('webhook-signature', '`v1,` and the base64 signature', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='),
        ],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Event' }, example: eventExample } },
        },
        responses: {
          '2XX': { description: 'received: any 2xx answer within 10 seconds acknowledges the event' },
          '4XX': { description: RETRIED },
          '5XX': { description: RETRIED },
        },
      },
    },
  };
}
