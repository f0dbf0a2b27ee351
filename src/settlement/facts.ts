import type { OrderRecord, PaymentRecord, RefundRecord, RefundTo, Snapshot } from './model.js';

/** Something that happened, which the settlement core turns into state, events and actions. */
export type Fact =
  /** the PSP accepted the order's amount (V1's prepare, V2's pre-register): the order exists for payers from now on */
  | { kind: 'registered' }
  /** what the PSP reports for payments of the order; `expireDue` also expires a virtual account past its due date */
  | { kind: 'observed'; payments: Snapshot[]; expireDue?: boolean }
  /** an operator asks to refund (part of) the order's payment */
  | { kind: 'refund_requested'; request: RefundRequest }
  /** what became of a refund or revoke the service carried out at the PSP */
  | { kind: 'refund_answered'; refundId: string; answer: RefundAnswer; interactive: boolean }
  /** an operator asks to carry out again a refund left to a person or refused (retry-transition.ts) */
  | { kind: 'refund_retried'; retry: RefundRetry };

export interface RefundRequest {
  /** omitted: everything that remains */
  amount?: number;
  note: string;
  refundTo?: RefundTo;
  /** the caller's API key id and Idempotency-Key: a retry resumes the same refund */
  requestKey?: string;
  /** the operator who asks (API_KEYS name) */
  actor?: string;
}

export interface RefundRetry {
  refundId: string;
  /** the refund's payment as the PSP holds it, re-read just before: the new attempt's checksum comes from it */
  seen: Snapshot;
  /** the buyer's bank account, which refunding a deposited virtual account needs */
  refundTo?: RefundTo;
  actor: string;
}

/**
 * done: the PSP carried it out and answered · requested: the PSP accepted it and carries it out later · refused: the
 * PSP said no · unavailable: no usable answer. `seen` is the payment re-read, when the PSP could be reached for it.
 */
export type RefundAnswer =
  | { result: 'done'; payment: Snapshot }
  | { result: 'requested'; seen: Snapshot | null }
  | { result: 'refused'; message: string; seen: Snapshot | null }
  | { result: 'unavailable'; message: string; seen: Snapshot | null };

/** The clock and the id source, passed in so that transitions stay pure and testable. */
export interface Context {
  now: Date;
  newRefundId(): string;
}

export type EventType =
  | 'order.created'
  | 'order.awaiting_deposit'
  | 'order.paid'
  | 'order.partially_cancelled'
  | 'order.cancelled'
  | 'order.failed'
  | 'payment.forgery_detected'
  | 'payment.duplicate_cancelled'
  | 'payment.refund_failed'
  | 'payment.unverifiable';

export interface PlannedEvent {
  type: EventType;
  /** unique per order, so the same change can never be recorded twice */
  transition: string;
  /** the payment a payment.* event is about */
  source_id?: string;
}

/** A request the rules turn down before anything is written. */
export interface Rejection {
  kind: 'conflict' | 'invalid';
  message: string;
  extra?: Record<string, unknown>;
}

export interface Transition {
  order: OrderRecord;
  payments: PaymentRecord[];
  refunds: RefundRecord[];
  /** what must be written: only what changed */
  changed: { order: boolean; payments: PaymentRecord[]; refunds: RefundRecord[] };
  events: PlannedEvent[];
  /** refunds and revokes to carry out at the PSP now that they are committed */
  execute: RefundRecord[];
  rejection: Rejection | null;
  /** the refund a request or an answer was about */
  subject: RefundRecord | null;
}

export const isNoop = (t: Transition): boolean =>
  !t.changed.order && t.changed.payments.length === 0 && t.changed.refunds.length === 0 && t.events.length === 0;
