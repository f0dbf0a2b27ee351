import type { PlannedEvent } from './facts.js';
import { balanceOf, hasMoney, type PaymentRecord, type SettlementState } from './model.js';

const orderFace = (s: SettlementState['order']) => [s.status, s.source_id, s.paid_amount, s.cancelled_amount].join('|');

/**
 * One event per change: the order's visible state (status, accepted payment, paid and cancelled amounts), a payment
 * found forged or unverifiable, a duplicate seen refunded, a refund left to a person. Keys name the change, so none is recorded twice.
 */
export function planEvents(before: SettlementState, after: SettlementState): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  if (!before.order.amount_registered && after.order.amount_registered) events.push({ type: 'order.created', transition: 'created' });
  const { status } = after.order;
  if (orderFace(before.order) !== orderFace(after.order) && status !== 'pending') {
    events.push({ type: `order.${status}`, transition: `order:${after.order.version + 1}` });
  }
  const earlier = new Map(before.payments.map((record) => [record.source_id, record]));
  for (const record of after.payments) events.push(...paymentEvents(earlier.get(record.source_id), record));
  const earlierRefunds = new Map(before.refunds.map((refund) => [refund.id, refund]));
  for (const refund of after.refunds) {
    if (refund.state === 'needs_operator' && earlierRefunds.get(refund.id)?.state !== 'needs_operator') {
      events.push({ type: 'payment.refund_failed', transition: `refund_failed:${refund.id}`, source_id: refund.source_id });
    }
  }
  return events;
}

const refundedDuplicate = (record: PaymentRecord | undefined) =>
  record?.role === 'duplicate' && hasMoney(record.snapshot) && balanceOf(record.snapshot) <= 0;

function paymentEvents(before: PaymentRecord | undefined, after: PaymentRecord): PlannedEvent[] {
  const events: PlannedEvent[] = [];
  if (after.role === 'forgery' && before?.role !== 'forgery') {
    events.push({ type: 'payment.forgery_detected', transition: `forgery:${after.source_id}`, source_id: after.source_id });
  }
  if (after.role === 'unverifiable' && before?.role !== 'unverifiable') {
    events.push({ type: 'payment.unverifiable', transition: `unverifiable:${after.source_id}`, source_id: after.source_id });
  }
  if (refundedDuplicate(after) && !refundedDuplicate(before)) {
    events.push({ type: 'payment.duplicate_cancelled', transition: `duplicate:${after.source_id}`, source_id: after.source_id });
  }
  return events;
}
