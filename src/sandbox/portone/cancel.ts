import { randomUUID } from 'node:crypto';
import { refusal, type Refusal } from './errors.js';
import { wasPaid, type Attempt, type Cancellation, type PaymentRecord, type Transaction } from './model.js';

export interface CancelRequest {
  /** omitted: everything still cancellable */
  amount?: number;
  taxFreeAmount?: number;
  /** the balance the caller believes is cancellable; refused when PortOne's differs (reference: CancelPaymentBody) */
  currentCancellableAmount?: number;
  reason: string;
  /** whether a refund account was named (a deposited virtual account needs one) */
  refundAccount: boolean;
  trigger: 'API' | 'CONSOLE';
  /** answered REQUESTED and carried out later (control API: async cancels) */
  async: boolean;
}

export interface CancelOutcome {
  /** index of the cancelled attempt in the record */
  index: number;
  attempt: Attempt;
  cancellation: Cancellation;
}

/** Money held by cancels PortOne accepted but has not carried out yet. */
const requested = (tx: Transaction) => tx.cancellations.filter((c) => c.status === 'REQUESTED').reduce((sum, c) => sum + c.totalAmount, 0);

/**
 * What can still be cancelled: what was paid, less what was cancelled and what requested cancels hold. `discount` is
 * always 0 here, so `total` and `paid` give the same base (fact sheet §13.4 stays open for real discounts).
 */
export const cancellableAmount = (tx: Transaction): number => tx.amount.total - tx.amount.cancelled - requested(tx);

const vatOf = (tx: Transaction, amount: number, taxFree: number) => (tx.currency === 'KRW' ? Math.round((amount - taxFree) / 11) : 0);

/** The rules of POST /payments/{paymentId}/cancel, in the order PortOne's error list gives them. */
function check(tx: Transaction, request: CancelRequest, payMethod: Attempt['payMethod']): { amount: number; taxFree: number } | Refusal {
  if (tx.status === 'CANCELLED') return refusal('PAYMENT_ALREADY_CANCELLED', '이미 전액 취소된 결제 건입니다.');
  if (payMethod === 'VIRTUAL_ACCOUNT' && request.trigger === 'API' && !request.refundAccount) {
    return refusal('INVALID_REQUEST', '입금된 가상계좌 결제를 취소하려면 환불 계좌(refundAccount)가 필요합니다.');
  }
  const balance = cancellableAmount(tx);
  if (request.currentCancellableAmount !== undefined && request.currentCancellableAmount !== balance) {
    return refusal('CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN', `취소 가능 잔액(${balance})이 요청의 currentCancellableAmount(${request.currentCancellableAmount})와 다릅니다.`);
  }
  const amount = request.amount ?? balance;
  if (amount <= 0 || amount > balance) {
    return refusal('CANCEL_AMOUNT_EXCEEDS_CANCELLABLE_AMOUNT', `취소 금액(${amount})이 취소 가능 금액(${balance})을 초과합니다.`);
  }
  const taxFree = request.taxFreeAmount ?? 0;
  if (taxFree > amount) return refusal('SUM_OF_PARTS_EXCEEDS_CANCEL_AMOUNT', '면세 금액이 취소 금액을 초과합니다.');
  if (taxFree > tx.amount.taxFree - tx.amount.cancelledTaxFree) {
    return refusal('CANCEL_TAX_FREE_AMOUNT_EXCEEDS_CANCELLABLE_TAX_FREE_AMOUNT', '취소 면세 금액이 취소 가능한 면세 금액을 초과합니다.');
  }
  return { amount, taxFree };
}

/** A cancellation carried out: the money moves, and so do the status and its time (every cancel, partial too). */
export function settle(tx: Transaction, cancellation: Cancellation, now: string): Transaction {
  const done: Cancellation = { ...cancellation, status: 'SUCCEEDED', cancelledAt: now, receiptUrl: `https://sandbox.portone.invalid/receipts/${tx.id}/${cancellation.id}` };
  const cancelled = tx.amount.cancelled + cancellation.totalAmount;
  return {
    ...tx,
    status: cancelled === tx.amount.total ? 'CANCELLED' : 'PARTIAL_CANCELLED',
    amount: { ...tx.amount, cancelled, cancelledTaxFree: tx.amount.cancelledTaxFree + cancellation.taxFreeAmount },
    cancelledAt: now,
    statusChangedAt: now,
    updatedAt: now,
    cancellations: tx.cancellations.some((c) => c.id === done.id)
      ? tx.cancellations.map((c) => (c.id === done.id ? done : c))
      : [...tx.cancellations, done],
  };
}

/** A cancel of the payment's paid attempt, carried out at once or (async) only requested; or PortOne's refusal. */
export function cancelPayment(record: PaymentRecord, request: CancelRequest, now: string): CancelOutcome | Refusal {
  const index = record.attempts.findIndex((attempt) => wasPaid(attempt.tx));
  if (index < 0) return refusal('PAYMENT_NOT_PAID', '결제가 완료되지 않은 결제 건입니다.');
  const attempt = record.attempts[index]!;
  const checked = check(attempt.tx, request, attempt.payMethod);
  if ('type' in checked) return checked;
  const cancellation: Cancellation = {
    status: 'REQUESTED',
    id: randomUUID(),
    pgCancellationId: `StdpayCNCL${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    totalAmount: checked.amount,
    taxFreeAmount: checked.taxFree,
    vatAmount: vatOf(attempt.tx, checked.amount, checked.taxFree),
    reason: request.reason,
    requestedAt: now,
    trigger: request.trigger,
  };
  const tx = request.async
    ? { ...attempt.tx, updatedAt: now, cancellations: [...attempt.tx.cancellations, cancellation] }
    : settle(attempt.tx, cancellation, now);
  return { index, attempt: { ...attempt, tx }, cancellation: tx.cancellations.find((c) => c.id === cancellation.id)! };
}

/**
 * The oldest requested cancel (or the one named) carried out, or failed at the PG (the money stays). Undefined when no
 * such request is pending.
 */
export function completeRequested(record: PaymentRecord, now: string, options: { cancellationId?: string; fail?: boolean }): CancelOutcome | undefined {
  const index = record.attempts.findIndex((attempt) => wasPaid(attempt.tx));
  const attempt = record.attempts[index];
  const pending = attempt?.tx.cancellations.find((c) => c.status === 'REQUESTED' && (!options.cancellationId || c.id === options.cancellationId));
  if (!attempt || !pending) return undefined;
  if (options.fail) {
    const failed: Cancellation = { ...pending, status: 'FAILED' };
    const tx = { ...attempt.tx, updatedAt: now, cancellations: attempt.tx.cancellations.map((c) => (c.id === pending.id ? failed : c)) };
    return { index, attempt: { ...attempt, tx }, cancellation: failed };
  }
  const tx = settle(attempt.tx, pending, now);
  return { index, attempt: { ...attempt, tx }, cancellation: tx.cancellations.find((c) => c.id === pending.id)! };
}
