export { createPaymentVerifierClient, type CallOptions, type ClientOptions, type PaymentVerifierClient, type WriteOptions } from './client.js';
export { PaymentVerifierError } from './errors.js';
export { eventFeed, memoryCursor, type CursorStore, type EventFeedOptions } from './events.js';
export { retryAfterMs, retryingFetch, type RetryOptions } from './retry.js';
export { verifyWebhook, webhookVerifier, WebhookVerificationError, type RawBody, type WebhookHeaders } from './webhooks.js';
export type * from './types.js';
