import { Webhook } from '@portone/server-sdk';
import { PortOneWebhookRejected, type WebhookRejection } from './errors.js';
import { webhookSchema, type PortOneWebhookEvent } from './schemas.js';

export type WebhookHeaders = Record<string, string | string[] | undefined>;

/**
 * A webhook verified with PortOne's own verifier (Standard Webhooks: HMAC-SHA256 over "id.timestamp.body", the
 * timestamp within 5 minutes) against each configured secret in turn: PortOne keeps up to two secrets alive per mode,
 * so that one can be rotated without downtime. `rawBody` must be the body exactly as received.
 */
export async function verifyWebhook(secrets: readonly string[], rawBody: string, headers: WebhookHeaders): Promise<PortOneWebhookEvent> {
  if (secrets.length === 0) throw new Error('no PortOne webhook secret is configured');
  let reason: WebhookRejection = 'NO_MATCHING_SIGNATURE';
  for (const secret of secrets) {
    let body: unknown;
    try {
      body = await Webhook.verify(secret, rawBody, headers);
    } catch (error) {
      // a secret that is not base64 is a setting to fix, not the sender's fault
      if (error instanceof Webhook.InvalidInputError) throw new Error(`a PortOne webhook secret is unusable: ${error.message}`);
      // the signature matched, and the body is not JSON
      if (!(error instanceof Webhook.WebhookVerificationError)) throw new PortOneWebhookRejected('MALFORMED_BODY');
      reason = error.reason;
      // a missing header or a stale timestamp fails with every secret alike
      if (reason !== 'NO_MATCHING_SIGNATURE') break;
      continue;
    }
    const parsed = webhookSchema.safeParse(body);
    if (!parsed.success) throw new PortOneWebhookRejected('MALFORMED_BODY');
    return parsed.data;
  }
  throw new PortOneWebhookRejected(reason);
}
