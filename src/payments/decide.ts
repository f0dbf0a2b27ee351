import type { OrderRow, OrderStatus, OrderUpdate, Vbank } from '../db/schema.js';
import type { IamportPayment } from '../iamport/schemas.js';

export type Outcome = 'success' | 'vbankIssued' | 'failed' | 'notCompleted' | 'forgery' | 'duplicate' | 'cancelled';

export type EventType =
  | 'order.created'
  | 'order.awaiting_deposit'
  | 'order.paid'
  | 'order.partially_cancelled'
  | 'order.cancelled'
  | 'order.failed'
  | 'payment.forgery_detected'
  | 'payment.duplicate_cancelled';

export interface PlannedEvent {
  type: EventType;
  /** unique per order: the same transition can never be recorded twice */
  transition: string;
}

export interface Decision {
  outcome: Outcome;
  /** the payment row's verdict */
  verdict: string;
  change: OrderUpdate | null;
  events: PlannedEvent[];
  /** refund this much of the payment at i'mport after commit (forgery or duplicate) */
  cancel: { amount: number; reason: string; event?: PlannedEvent } | null;
  /** the order's open virtual account that this payment replaced: closed at i'mport after commit */
  closeVbank?: string;
}

export interface DecideConfig {
  autoCancelForgery: boolean;
}

type OrderFacts = Pick<OrderRow, 'merchant_uid' | 'status' | 'amount' | 'currency' | 'imp_uid' | 'paid_amount' | 'cancelled_amount'>;

const SETTLED: readonly OrderStatus[] = ['paid', 'partially_cancelled', 'cancelled'];
const fromUnix = (seconds: number | undefined) => (seconds ? new Date(seconds * 1000) : new Date());
const balance = (p: IamportPayment) => p.amount - p.cancel_amount;

function keep(outcome: Outcome, verdict: string): Decision {
  return { outcome, verdict, change: null, events: [], cancel: null };
}

function vbankOf(p: IamportPayment): Vbank {
  return {
    num: p.vbank_num ?? '',
    bank_name: p.vbank_name ?? '',
    holder: p.vbank_holder ?? null,
    due_at: p.vbank_date ? new Date(p.vbank_date * 1000).toISOString() : null,
  };
}

/**
 * What a payment i'mport reported means for its order. Pure: the caller holds the order's row lock, writes the
 * change and the events in one transaction, and performs `cancel` after commit. Terminal states never move back.
 */
export function decidePaymentOutcome(order: OrderFacts, p: IamportPayment, config: DecideConfig): Decision {
  const settled = SETTLED.includes(order.status);
  if (order.imp_uid && order.imp_uid !== p.imp_uid && settled) return decideOtherPayment(order, p);
  if (settled) return decideCancellations(order, p);
  if (p.amount !== Number(order.amount) || p.currency !== order.currency) return decideForgery(order, p, config);
  return closingReplacedVbank(order, p, decideOwnPayment(order, p));
}

function decideOwnPayment(order: OrderFacts, p: IamportPayment): Decision {
  switch (p.status) {
    case 'paid':
      return decidePaid(order, p);
    case 'ready':
      return p.pay_method === 'vbank' && p.vbank_num ? decideVbankIssued(order, p) : keep('notCompleted', 'not_completed');
    case 'failed':
      return decideFailed(order, p);
    case 'cancelled':
      // cancelled with nothing refunded: a virtual account closed before any deposit
      return p.cancel_amount > 0 ? decidePaid(order, p) : decideFailed(order, p);
  }
}

/** Paid, or issued a new virtual account, while another virtual account of the order was open: that one must close. */
function closingReplacedVbank(order: OrderFacts, p: IamportPayment, decision: Decision): Decision {
  const replaced = order.status === 'awaiting_deposit' && order.imp_uid && order.imp_uid !== p.imp_uid;
  const moved = decision.change?.status === 'paid' || decision.change?.status === 'awaiting_deposit';
  return replaced && moved ? { ...decision, closeVbank: order.imp_uid! } : decision;
}

/** A second, different payment for an order that already has its payment. */
function decideOtherPayment(order: OrderFacts, p: IamportPayment): Decision {
  if (p.status === 'failed' || p.status === 'ready') return keep(p.status === 'failed' ? 'failed' : 'notCompleted', 'superseded');
  if (p.status !== 'paid' || balance(p) <= 0) return keep('duplicate', 'duplicate_cancelled');
  const event: PlannedEvent = { type: 'payment.duplicate_cancelled', transition: `duplicate:${p.imp_uid}` };
  return { outcome: 'duplicate', verdict: 'duplicate', change: null, events: [], cancel: { amount: balance(p), reason: '중복 결제 자동 취소', event } };
}

function decideForgery(order: OrderFacts, p: IamportPayment, config: DecideConfig): Decision {
  if (p.status === 'failed') return keep('failed', 'failed');
  const events: PlannedEvent[] = [{ type: 'payment.forgery_detected', transition: `forgery:${p.imp_uid}` }];
  const refundable = p.status === 'paid' || p.status === 'ready';
  const cancel = config.autoCancelForgery && refundable ? { amount: balance(p), reason: '결제 금액 위변조 의심: 자동 취소' } : null;
  return { outcome: 'forgery', verdict: 'forgery', change: null, events, cancel };
}

/** paid (or paid then cancelled before we ever saw it) for an unsettled order. */
function decidePaid(order: OrderFacts, p: IamportPayment): Decision {
  const change: OrderUpdate = {
    status: 'paid',
    imp_uid: p.imp_uid,
    pay_method: p.pay_method ?? null,
    pg_provider: p.pg_provider ?? null,
    paid_amount: p.amount,
    paid_at: fromUnix(p.paid_at),
  };
  const paid: Decision = { outcome: 'success', verdict: 'accepted', change, events: [{ type: 'order.paid', transition: `paid:${p.imp_uid}` }], cancel: null };
  return p.cancel_amount > 0 ? withCancellations(paid, order, p) : paid;
}

function decideVbankIssued(order: OrderFacts, p: IamportPayment): Decision {
  if (order.imp_uid === p.imp_uid && order.status === 'awaiting_deposit') return keep('vbankIssued', 'awaiting_deposit');
  // a 'ready' read before this very account was closed: it must not reopen it
  if (order.imp_uid === p.imp_uid && order.status === 'failed') return keep('failed', 'failed');
  return {
    outcome: 'vbankIssued',
    verdict: 'awaiting_deposit',
    change: { status: 'awaiting_deposit', imp_uid: p.imp_uid, pay_method: p.pay_method ?? 'vbank', pg_provider: p.pg_provider ?? null, vbank: vbankOf(p) },
    events: [{ type: 'order.awaiting_deposit', transition: `awaiting_deposit:${p.imp_uid}` }],
    cancel: null,
  };
}

/** A failed attempt leaves the order payable; an awaiting virtual account of another payment stays as it is. */
function decideFailed(order: OrderFacts, p: IamportPayment): Decision {
  const otherVbankOpen = order.status === 'awaiting_deposit' && order.imp_uid !== p.imp_uid;
  if (otherVbankOpen || (order.status === 'failed' && order.imp_uid === p.imp_uid)) return keep('failed', 'failed');
  return {
    outcome: 'failed',
    verdict: 'failed',
    change: { status: 'failed', imp_uid: p.imp_uid, pay_method: p.pay_method ?? null, pg_provider: p.pg_provider ?? null, vbank: null },
    events: [{ type: 'order.failed', transition: `failed:${p.imp_uid}` }],
    cancel: null,
  };
}

/** The order's own payment, already settled: only refunds made at i'mport (console, PG) can still change it. */
function decideCancellations(order: OrderFacts, p: IamportPayment): Decision {
  const base = keep(order.status === 'paid' ? 'success' : 'cancelled', 'accepted');
  return p.cancel_amount > Number(order.cancelled_amount) ? withCancellations(base, order, p) : base;
}

function withCancellations(decision: Decision, order: OrderFacts, p: IamportPayment): Decision {
  const full = p.cancel_amount >= p.amount;
  const change: OrderUpdate = {
    ...decision.change,
    status: full ? 'cancelled' : 'partially_cancelled',
    cancelled_amount: p.cancel_amount,
    cancelled_at: fromUnix(p.cancelled_at),
  };
  const type = full ? 'order.cancelled' : 'order.partially_cancelled';
  const events = [...decision.events, { type, transition: `cancelled:${p.imp_uid}:${p.cancel_amount}` } as PlannedEvent];
  return { ...decision, outcome: full ? 'cancelled' : decision.outcome, change, events };
}
