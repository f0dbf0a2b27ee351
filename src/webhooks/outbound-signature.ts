import { createHmac } from 'node:crypto';

/** The secret is `whsec_` and the key in base64, as the Standard Webhooks spec defines (checked at start-up). */
const keyOf = (secret: string): Buffer => Buffer.from(secret.slice('whsec_'.length), 'base64');

/** Standard Webhooks headers: the signature is HMAC-SHA256 over `id.timestamp.body`. */
export function signWebhook(secret: string, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000).toString();
  const signature = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
