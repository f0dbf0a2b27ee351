import { answerRefund, requestRefund } from './answers.js';
import { deriveOrder } from './derive.js';
import { planEvents } from './events.js';
import type { Context, Fact, Rejection, Transition } from './facts.js';
import { planIntents } from './intents.js';
import type { PaymentRecord, RefundRecord, Rules, SettlementState, Snapshot } from './model.js';
import { retryRefund } from './retry-transition.js';
import { replaces, sameJson } from './snapshot.js';

interface Draft extends SettlementState {
  ctx: Context;
  execute: RefundRecord[];
  rejection: Rejection | null;
  subject: RefundRecord | null;
}

/**
 * THE transition: an order with everything known about its payments and refunds, plus one new fact, gives the new
 * state, the events and the refunds to carry out. Pure: the caller reads the state and writes the result atomically.
 */
export function transition(state: SettlementState, fact: Fact, rules: Rules, ctx: Context): Transition {
  // records are copied, never their snapshots: a snapshot is replaced whole, so a changed one is a new object
  const draft: Draft = {
    order: { ...state.order },
    payments: state.payments.map((record) => ({ ...record })),
    refunds: state.refunds.map((refund) => ({ ...refund })),
    ctx,
    execute: [],
    rejection: null,
    subject: null,
  };
  applyFact(draft, fact);
  if (draft.rejection) return unchanged(state, draft.rejection);
  expireDue(draft, fact);
  deriveOrder(draft.order, draft.payments, rules, ctx.now.toISOString());
  planIntents(draft, draft.payments, rules);
  return diff(state, draft);
}

function applyFact(draft: Draft, fact: Fact): void {
  switch (fact.kind) {
    case 'registered':
      draft.order.amount_registered = true;
      return;
    case 'observed':
      for (const snapshot of fact.payments) observe(draft, snapshot);
      return;
    case 'refund_requested': {
      const result = requestRefund(draft, fact.request);
      if ('kind' in result) draft.rejection = result;
      else {
        draft.subject = result.refund;
        if (result.resume) draft.execute.push(result.refund);
      }
      return;
    }
    case 'refund_answered': {
      const refund = draft.refunds.find((r) => r.id === fact.refundId);
      if (!refund) return;
      draft.subject = refund;
      answerRefund({ refunds: draft.refunds, ctx: draft.ctx, observe: (s) => observe(draft, s) }, refund, fact.answer, fact.interactive);
      return;
    }
    case 'refund_retried':
      retryRefund(draft, fact.retry, (s) => observe(draft, s));
  }
}

/** Folds in a snapshot of one of the order's payments, unless it is older than what is known. */
function observe(draft: Draft, snapshot: Snapshot): void {
  if (snapshot.order_id !== draft.order.merchant_uid) return;
  const known = draft.payments.find((record) => record.source_id === snapshot.source_id);
  if (!known) {
    const seq = draft.payments.reduce((max, record) => Math.max(max, record.seq), 0) + 1;
    draft.payments.push({ source_id: snapshot.source_id, seq, role: 'other', retired: false, snapshot });
  } else if (replaces(snapshot, known.snapshot)) {
    known.snapshot = snapshot;
  }
}

/** The order's open virtual account past its due date: the attempt failed, and the account is closed. */
function expireDue(draft: Draft, fact: Fact): void {
  if (fact.kind !== 'observed' || !fact.expireDue || draft.order.status !== 'awaiting_deposit') return;
  const current = draft.payments.find((record) => record.source_id === draft.order.source_id);
  const due = current?.snapshot.account?.due_at ?? 0;
  if (!current || current.snapshot.status !== 'ready' || !due || due * 1000 > draft.ctx.now.getTime()) return;
  current.retired = true;
  current.role = 'failed';
}

function unchanged(state: SettlementState, rejection: Rejection): Transition {
  return { ...state, changed: { order: false, payments: [], refunds: [] }, events: [], execute: [], rejection, subject: null };
}

/** Field by field; nested values (the account, the refund account) compared as stored. */
const sameRecord = (a: object | undefined, b: object) =>
  a !== undefined && Object.entries(b).every(([key, value]) => sameJson((a as Record<string, unknown>)[key], value));

const samePayment = (a: PaymentRecord | undefined, b: PaymentRecord) =>
  a !== undefined && a.role === b.role && a.retired === b.retired && a.seq === b.seq && a.snapshot === b.snapshot;

function diff(before: SettlementState, draft: Draft): Transition {
  const earlierPayments = new Map(before.payments.map((record) => [record.source_id, record]));
  const earlierRefunds = new Map(before.refunds.map((refund) => [refund.id, refund]));
  const after: SettlementState = { order: draft.order, payments: draft.payments, refunds: draft.refunds };
  return {
    ...after,
    changed: {
      order: !sameRecord(before.order, draft.order),
      payments: draft.payments.filter((record: PaymentRecord) => !samePayment(earlierPayments.get(record.source_id), record)),
      refunds: draft.refunds.filter((refund) => !sameRecord(earlierRefunds.get(refund.id), refund)),
    },
    events: planEvents(before, after),
    execute: draft.execute,
    rejection: null,
    subject: draft.subject,
  };
}
