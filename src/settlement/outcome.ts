import { balanceOf, PSP_NAME, type PaymentRecord, type RefundRecord, type SettlementState } from './model.js';

/** What a verification tells its caller about one payment (API.md's outcome table). */
export type Outcome = 'success' | 'vbankIssued' | 'failed' | 'notCompleted' | 'forgery' | 'duplicate' | 'cancelled' | 'unverifiable';

export function outcomeOf(state: SettlementState, record: PaymentRecord): Outcome {
  switch (record.role) {
    case 'accepted':
      if (state.order.status === 'awaiting_deposit') return 'vbankIssued';
      return state.order.status === 'cancelled' ? 'cancelled' : 'success';
    case 'forgery':
      return 'forgery';
    case 'duplicate':
    case 'replaced':
      return 'duplicate';
    case 'failed':
      return 'failed';
    case 'other':
      return 'notCompleted';
    case 'unverifiable':
      return 'unverifiable';
  }
}

/** The latest refund the service made of its own for a payment (not an operator's). */
export function automaticRefundOf(state: SettlementState, sourceId: string): RefundRecord | undefined {
  return state.refunds.filter((refund) => refund.source_id === sourceId && refund.reason !== 'operator').at(-1);
}

export function messageFor(outcome: Outcome, state: SettlementState, record: PaymentRecord): string {
  const p = record.snapshot;
  switch (outcome) {
    case 'success':
      return 'payment verified';
    case 'vbankIssued':
      return `virtual account issued: ${p.account?.bank ?? ''} ${p.account?.number ?? ''}`.trim();
    case 'failed':
      return p.fail_reason || (p.method === 'vbank' ? 'the virtual account was closed before any deposit' : 'payment failed');
    case 'notCompleted':
      return 'the payment is not completed';
    case 'forgery':
      return `${forgeryWhy(state, record)}; ${refundNote(state, record)}`;
    case 'duplicate':
      return `the order was already paid with another payment; ${refundNote(state, record)}`;
    case 'cancelled':
      return 'the payment is cancelled';
    case 'unverifiable':
      return `${PSP_NAME[state.order.provider]}'s answer for payment ${p.source_id} cannot be verified (${p.unverifiable ?? 'see the payment'}); nothing was accepted or refunded, it is left for a person and checked again later`;
  }
}

function forgeryWhy(state: SettlementState, record: PaymentRecord): string {
  const p = record.snapshot;
  if (p.amount === state.order.amount && p.currency === state.order.currency) {
    return 'the payment was made through a test channel (no real money moved) and cannot pay this order';
  }
  return `the paid amount ${p.amount} ${p.currency} does not match the order`;
}

/** What became of a payment the service refuses, in words the payer can be shown. */
function refundNote(state: SettlementState, record: PaymentRecord): string {
  const refund = automaticRefundOf(state, record.source_id);
  const revoke = refund?.kind === 'revoke';
  const psp = PSP_NAME[state.order.provider];
  if (refund?.state === 'needs_operator') return `${psp} refused to cancel it automatically; it is left for an operator to refund`;
  if (refund?.state === 'pending') return `its cancellation at ${psp} is owed and will be retried`;
  if (revoke && refund.state === 'failed') return `${psp} could not close the account; a deposit into it will be refunded`;
  if (revoke) return `the account has been closed at ${psp}`;
  if (record.snapshot.status === 'cancelled' || (refund?.state === 'done' && balanceOf(record.snapshot) <= 0)) {
    return `it has been cancelled at ${psp}`;
  }
  return 'it has not been cancelled';
}
