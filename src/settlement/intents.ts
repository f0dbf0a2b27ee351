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
 * the PSP is called. First, every refund the PSP shows carried out is completed, whatever was believed of it before.
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
    } else {
      // closed without money, by whomever: nothing is left to revoke
      for (const refund of openRefunds(draft, record, 'revoke')) complete(draft.ctx, refund);
    }
  }
}

const automatic = (refund: RefundRecord) => refund.reason !== 'operator';
const isOpen = (refund: RefundRecord) => refund.state === 'pending' || refund.state === 'needs_operator';
const openRefunds = (draft: IntentDraft, record: PaymentRecord, kind: RefundRecord['kind']) =>
  draft.refunds.filter((r) => r.source_id === record.source_id && r.kind === kind && automatic(r) && isOpen(r));

/**
 * Every cancel the PSP lists as ours is done, also one that was believed refused or left to a person (its answer was
 * lost, then the retry met the balance it had moved). Without a listing, a pending one is done when the balance moved
 * by exactly its amount.
 */
function finishCarriedOut(draft: IntentDraft, record: PaymentRecord): void {
  for (const refund of draft.refunds) {
    if (refund.source_id === record.source_id && refund.state !== 'done' && isShownCarriedOut(refund, record.snapshot)) complete(draft.ctx, refund);
  }
}

/** A refund in flight by its listing or its balance; one believed refused or left to a person by its listing alone. */
export const isShownCarriedOut = (refund: RefundRecord, seen: Snapshot): boolean =>
  refund.state === 'pending' ? hasLanded(refund, seen) : listsOurCancel(refund, seen);

/** A payment refunded in full by another cancel (at the PSP's console): what the service still owed it is void. */
function closeUnneeded(draft: IntentDraft, record: PaymentRecord): void {
  for (const refund of openRefunds(draft, record, 'cancel')) {
    Object.assign(refund, { state: 'failed', next_attempt_at: null, last_error: 'refunded in full by another cancel at the PSP' });
  }
}

/**
 * Whether the PSP shows this refund carried out (a revoke: the account no longer open, no money in it). Where the PSP
 * lists the payment's cancels, one of them must carry the refund's id and have succeeded (one it carries out later,
 * `requested`, is not done yet); only where it lists none is the balance the evidence, and then it must have moved by
 * exactly our amount.
 */
export function hasLanded(refund: RefundRecord, seen: Snapshot): boolean {
  if (isUnverifiable(seen)) return listsOurCancel(refund, seen);
  if (refund.kind === 'revoke') return seen.status !== 'ready' && !hasMoney(seen);
  if (seen.cancels.length > 0) return listsOurCancel(refund, seen);
  return balanceOf(seen) === (refund.checksum ?? 0) - refund.amount;
}

function listsOurCancel(refund: RefundRecord, seen: Snapshot): boolean {
  return refund.kind === 'cancel' && seen.cancels.some((cancel) => cancel.status === 'succeeded' && cancel.reason?.includes(refund.id) === true);
}

/** The PSP accepted this refund and carries it out later: never sent again, looked at until it succeeds or fails. */
export const isRequestedAtPsp = (refund: RefundRecord, seen: Snapshot): boolean =>
  seen.cancels.some((cancel) => cancel.status === 'requested' && cancel.reason?.includes(refund.id) === true);

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
  const owed = draft.refunds.some((r) => r.source_id === record.source_id && r.kind === 'cancel' && automatic(r) && isOpen(r));
  if (owed) return;
  const reason: RefundReason = record.role === 'forgery' ? 'forgery' : 'duplicate';
  const balance = balanceOf(record.snapshot);
  const refund = newRefund(draft.ctx, record.source_id, { kind: 'cancel', reason, amount: balance, checksum: balance });
  if (reason === 'forgery' && !rules.autoCancelForgery) {
    Object.assign(refund, { state: 'needs_operator', next_attempt_at: null, last_error: 'AUTO_CANCEL_FORGERY is off: refund it by hand' });
  } else {
    draft.execute.push(refund);
  }
  draft.refunds.push(refund);
}

/** One attempt to close an account: where the PG cannot, it stays open and a deposit into it is refunded. */
function ensureRevoke(draft: IntentDraft, record: PaymentRecord): void {
  if (draft.refunds.some((r) => r.source_id === record.source_id && r.kind === 'revoke')) return;
  const reason: RefundReason = record.role === 'failed' ? 'expired' : record.role === 'forgery' ? 'forgery' : record.role === 'replaced' ? 'replaced' : 'duplicate';
  const refund = newRefund(draft.ctx, record.source_id, { kind: 'revoke', reason, amount: 0, checksum: null });
  draft.refunds.push(refund);
  draft.execute.push(refund);
}

export function newRefund(
  ctx: Context,
  sourceId: string,
  fields: Pick<RefundRecord, 'kind' | 'reason' | 'amount' | 'checksum'> & Partial<RefundRecord>,
): RefundRecord {
  const now = ctx.now.toISOString();
  return {
    id: ctx.newRefundId(),
    source_id: sourceId,
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
