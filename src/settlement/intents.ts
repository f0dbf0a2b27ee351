import type { Context } from './facts.js';
import { balanceOf, hasMoney, isOpenVbank, isUnverifiable, type PaymentRecord, type RefundReason, type RefundRecord, type RefundTo, type Rules, type Snapshot } from './model.js';

/** How long a refund just committed is left to the request that carries it out before the sweeper may take it. */
export const LEASE_MS = 60_000;

export interface IntentDraft {
  refunds: RefundRecord[];
  execute: RefundRecord[];
  ctx: Context;
}

/**
 * A payment source that is not the order's accepted payment never stays open: money still held is refunded (or, with
 * AUTO_CANCEL_FORGERY off, left to a person), an unpaid account is closed. Each gets one refund row, committed before
 * i'mport is called. First, every refund i'mport shows carried out is completed, whatever was believed of it before.
 */
export function planIntents(draft: IntentDraft, records: PaymentRecord[], rules: Rules): void {
  for (const record of records) {
    finishCarriedOut(draft, record);
    if (record.role === 'accepted' || record.role === 'unverifiable') continue;
    const p = record.snapshot;
    if (hasMoney(p)) {
      if (balanceOf(p) > 0) ensureCancel(draft, record, rules);
      else closeUnneeded(draft, record);
    } else if (isOpenVbank(p)) {
      ensureRevoke(draft, record);
    } else if (p.status === 'cancelled') {
      for (const refund of openRefunds(draft, record, 'revoke')) complete(draft.ctx, refund);
    }
  }
}

const automatic = (refund: RefundRecord) => refund.reason !== 'operator';
const isOpen = (refund: RefundRecord) => refund.state === 'pending' || refund.state === 'needs_operator';
const openRefunds = (draft: IntentDraft, record: PaymentRecord, kind: RefundRecord['kind']) =>
  draft.refunds.filter((r) => r.imp_uid === record.imp_uid && r.kind === kind && automatic(r) && isOpen(r));

/**
 * Every cancel i'mport lists as ours is done, also one that was believed refused or left to a person (its answer was
 * lost, then the retry met the balance it had moved). Without a listing, a pending one is done when the balance moved
 * by exactly its amount.
 */
function finishCarriedOut(draft: IntentDraft, record: PaymentRecord): void {
  for (const refund of draft.refunds) {
    if (refund.imp_uid === record.imp_uid && refund.state !== 'done' && isShownCarriedOut(refund, record.snapshot)) complete(draft.ctx, refund);
  }
}

/** A refund in flight by its listing or its balance; one believed refused or left to a person by its listing alone. */
export const isShownCarriedOut = (refund: RefundRecord, seen: Snapshot): boolean =>
  refund.state === 'pending' ? hasLanded(refund, seen) : listsOurCancel(refund, seen);

/** A payment refunded in full by another cancel (at i'mport's console): what the service still owed it is void. */
function closeUnneeded(draft: IntentDraft, record: PaymentRecord): void {
  for (const refund of openRefunds(draft, record, 'cancel')) {
    Object.assign(refund, { state: 'failed', next_attempt_at: null, last_error: "refunded in full at i'mport by another cancel" });
  }
}

/**
 * Whether i'mport shows this refund carried out (a revoke: the account closed). Where i'mport lists the payment's
 * cancels, one of them must carry the refund's id; only where it lists none is the balance the evidence, and then it
 * must have moved by exactly our amount.
 */
export function hasLanded(refund: RefundRecord, seen: Snapshot): boolean {
  if (refund.kind === 'revoke') return !isUnverifiable(seen) && seen.status === 'cancelled' && !hasMoney(seen);
  if ((seen.cancel_history ?? []).length > 0) return listsOurCancel(refund, seen);
  return !isUnverifiable(seen) && balanceOf(seen) === (refund.checksum ?? 0) - refund.amount;
}

function listsOurCancel(refund: RefundRecord, seen: Snapshot): boolean {
  return refund.kind === 'cancel' && (seen.cancel_history ?? []).some((entry) => entry.reason?.includes(refund.id) === true);
}

/** Done; the buyer's refund account is erased but for its bank and last four digits (API.md). */
export function complete(ctx: Context, refund: RefundRecord): void {
  refund.state = 'done';
  refund.completed_at = ctx.now.toISOString();
  refund.next_attempt_at = null;
  if (refund.refund_to) refund.refund_to = erased(refund.refund_to);
}

function erased(to: RefundTo): RefundTo {
  const kept: RefundTo = {};
  if (to.bank) kept.bank = to.bank;
  const last4 = to.account_last4 ?? to.account?.slice(-4);
  if (last4) kept.account_last4 = last4;
  return kept;
}

function ensureCancel(draft: IntentDraft, record: PaymentRecord, rules: Rules): void {
  const owed = draft.refunds.some((r) => r.imp_uid === record.imp_uid && r.kind === 'cancel' && automatic(r) && isOpen(r));
  if (owed) return;
  const reason: RefundReason = record.role === 'forgery' ? 'forgery' : 'duplicate';
  const balance = balanceOf(record.snapshot);
  const refund = newRefund(draft.ctx, record.imp_uid, { kind: 'cancel', reason, amount: balance, checksum: balance });
  if (reason === 'forgery' && !rules.autoCancelForgery) {
    Object.assign(refund, { state: 'needs_operator', next_attempt_at: null, last_error: 'AUTO_CANCEL_FORGERY is off: refund it by hand' });
  } else {
    draft.execute.push(refund);
  }
  draft.refunds.push(refund);
}

/** One attempt to close an account: where the PG cannot, it stays open and a deposit into it is refunded. */
function ensureRevoke(draft: IntentDraft, record: PaymentRecord): void {
  if (draft.refunds.some((r) => r.imp_uid === record.imp_uid && r.kind === 'revoke')) return;
  const reason: RefundReason = record.role === 'failed' ? 'expired' : record.role === 'forgery' ? 'forgery' : record.role === 'replaced' ? 'replaced' : 'duplicate';
  const refund = newRefund(draft.ctx, record.imp_uid, { kind: 'revoke', reason, amount: 0, checksum: null });
  draft.refunds.push(refund);
  draft.execute.push(refund);
}

export function newRefund(
  ctx: Context,
  impUid: string,
  fields: Pick<RefundRecord, 'kind' | 'reason' | 'amount' | 'checksum'> & Partial<RefundRecord>,
): RefundRecord {
  const now = ctx.now.toISOString();
  return {
    id: ctx.newRefundId(),
    imp_uid: impUid,
    state: 'pending',
    note: null,
    refund_to: null,
    request_key: null,
    actor: null,
    attempts: 0,
    last_error: null,
    next_attempt_at: new Date(ctx.now.getTime() + LEASE_MS).toISOString(),
    created_at: now,
    completed_at: null,
    ...fields,
  };
}
