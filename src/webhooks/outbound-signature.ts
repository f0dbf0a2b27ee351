import { createHmac } from 'node:crypto';

/** A `whsec_`-prefixed secret carries its key in base64, as the Standard Webhooks spec defines; otherwise the bytes. */
function keyOf(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret);
}

/** Standard Webhooks headers: the signature is HMAC-SHA256 over `id.timestamp.body`. */
export function signWebhook(secret: string, id: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = Math.floor(now / 1000).toString();
  const signature = createHmac('sha256', keyOf(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': `v1,${signature}` };
}
