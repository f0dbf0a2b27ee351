import type { PaymentRecord, SettlementState } from '../settlement/model.js';

/** What a buyer should be told about an order, in one word (API.md: status_url's `outcome`). */
export const BUYER_OUTCOMES = ['paid', 'awaiting_deposit', 'failed', 'refunded_forgery', 'not_paid', 'cancelled'] as const;
export type BuyerOutcome = (typeof BUYER_OUTCOMES)[number];

/** The payment the service saw last for the order (seq is the order it first saw them in). */
export const lastPaymentOf = (state: SettlementState): PaymentRecord | undefined =>
  state.payments.reduce<PaymentRecord | undefined>((last, record) => (!last || record.seq > last.seq ? record : last), undefined);

/**
 * Paid (a partial refund leaves it paid), an account awaiting its deposit, refunded in full; otherwise unpaid, and then
 * what the last attempt was: a forgery the service refused, a failed attempt, or nothing that reached a result.
 */
export function buyerOutcomeOf(state: SettlementState): BuyerOutcome {
  switch (state.order.status) {
    case 'paid':
    case 'partially_cancelled':
      return 'paid';
    case 'awaiting_deposit':
      return 'awaiting_deposit';
    case 'cancelled':
      return 'cancelled';
    case 'failed':
    case 'pending':
      if (lastPaymentOf(state)?.role === 'forgery') return 'refunded_forgery';
      return state.order.status === 'failed' ? 'failed' : 'not_paid';
  }
}
