import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { OrderEvent } from './types.js';

export { WebhookVerificationError };

/** Node's `request.headers`, a fetch `Headers`, or a plain record. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

/** The body exactly as received: a string, or its bytes (a Buffer, a Uint8Array). */
export type RawBody = string | Uint8Array;

function headerRecord(headers: WebhookHeaders): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  return Object.fromEntries(entries.flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
}

const text = (body: RawBody) => (typeof body === 'string' ? body : new TextDecoder().decode(body));

/**
 * A verifier of the events payment-verifier pushes to EVENT_WEBHOOK_URL, signed per Standard Webhooks with
 * EVENT_WEBHOOK_SECRET, which the service takes only as `whsec_` and base64 (any other secret is read as its bytes).
 * It must get the body as it was sent, before any JSON parsing: see the README for express, fastify and Next.js.
 */
export function webhookVerifier(secret: string): (body: RawBody, headers: WebhookHeaders) => OrderEvent {
  const webhook = secret.startsWith('whsec_') ? new Webhook(secret) : new Webhook(new TextEncoder().encode(secret), { format: 'raw' });
  // throws WebhookVerificationError for a wrong or missing signature, or a timestamp more than 5 minutes away
  return (body, headers) => webhook.verify(text(body), headerRecord(headers)) as OrderEvent;
}

/** Verifies one pushed event (the raw body, exactly as received) and returns it; see webhookVerifier. */
export function verifyWebhook(secret: string, body: RawBody, headers: WebhookHeaders): OrderEvent {
  return webhookVerifier(secret)(body, headers);
}
