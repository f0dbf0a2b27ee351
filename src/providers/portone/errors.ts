import { PspRefused, PspUnavailable } from '../../errors.js';

/**
 * PortOne answered, and refused: one of V2's documented error types (e.g. CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN,
 * PAYMENT_NOT_PAID, ALREADY_PAID, PG_PROVIDER with the PG's own code and message).
 */
export class PortOneRefused extends PspRefused {
  constructor(
    endpoint: string,
    /** V2's error `type` */
    readonly type: string,
    readonly portOneMessage: string | undefined,
    readonly httpStatus: number,
    readonly pg?: { pgCode?: string; pgMessage?: string },
  ) {
    super(endpoint, `${type}${portOneMessage ? ` (${portOneMessage})` : ''}`);
  }
}

/** PortOne could not be reached or answered something unusable; reads are retried, then this surfaces as 503. */
export class PortOneUnavailable extends PspUnavailable {
  constructor(endpoint: string, reason: string) {
    super(endpoint, reason, 'PortOne');
  }
}

/**
 * PortOne answered with success, but the answer's money fields are missing or of another type (a cancellation
 * without its amount, a page without items). Nothing in it may be acted on; the caller re-reads later.
 */
export class PortOneBrokenAnswer extends PortOneUnavailable {
  constructor(endpoint: string, detail: string) {
    super(endpoint, `broken answer: ${detail}`);
  }
}

export type WebhookRejection = 'MISSING_REQUIRED_HEADERS' | 'NO_MATCHING_SIGNATURE' | 'INVALID_SIGNATURE' | 'TIMESTAMP_TOO_OLD' | 'TIMESTAMP_TOO_NEW' | 'MALFORMED_BODY';

/** A webhook whose signature does not verify with any configured secret, or whose signed body is not a webhook. */
export class PortOneWebhookRejected extends Error {
  constructor(readonly reason: WebhookRejection) {
    super(`PortOne webhook rejected: ${reason}`);
  }
}
