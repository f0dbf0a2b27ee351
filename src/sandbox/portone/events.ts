import type { Attempt, Status } from './model.js';
import type { WebhookEvent, WebhookType } from './webhooks.js';

/** The webhook type that announces an attempt reaching each status (reference: webhook guide, 2024-04-25). */
export const TYPE_OF_STATUS: Record<Status, WebhookType> = {
  READY: 'Transaction.Ready',
  PAY_PENDING: 'Transaction.PayPending',
  VIRTUAL_ACCOUNT_ISSUED: 'Transaction.VirtualAccountIssued',
  PAID: 'Transaction.Paid',
  FAILED: 'Transaction.Failed',
  PARTIAL_CANCELLED: 'Transaction.PartialCancelled',
  CANCELLED: 'Transaction.Cancelled',
};

const NAMES_A_CANCELLATION: WebhookType[] = ['Transaction.PartialCancelled', 'Transaction.Cancelled', 'Transaction.CancelPending'];

/**
 * The webhook about an attempt: of its status unless told another type. A cancel's webhook names its cancellation
 * (by default the attempt's latest one of the matching kind).
 */
export function eventOf({ tx, noticeUrls }: Attempt, type: WebhookType = TYPE_OF_STATUS[tx.status], cancellationId?: string): WebhookEvent {
  const wanted = type === 'Transaction.CancelPending' ? 'REQUESTED' : 'SUCCEEDED';
  const named = NAMES_A_CANCELLATION.includes(type) ? (cancellationId ?? tx.cancellations.findLast((c) => c.status === wanted)?.id) : undefined;
  return { type, paymentId: tx.paymentId, transactionId: tx.id, ...(named ? { cancellationId: named } : {}), ...(noticeUrls ? { noticeUrls } : {}) };
}
