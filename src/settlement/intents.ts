import type { Context } from './facts.js';
import { balanceOf, cancelReasonOf, hasMoney, isOpenVbank, type PaymentRecord, type RefundReason, type RefundRecord, type Rules, type Snapshot } from './model.js';

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
 * i'mport is called.
 */
export function planIntents(draft: IntentDraft, records: PaymentRecord[], rules: Rules): void {
  for (const record of records) {
    const p = record.snapshot;
    if (record.role === 'accepted') {
      finishLanded(draft, record);
      continue;
    }
    if (hasMoney(p)) {
      settleSeenRefunds(draft, record);
      if (balanceOf(p) > 0) ensureCancel(draft, record, rules);
    } else if (isOpenVbank(p)) {
      ensureRevoke(draft, record);
    } else if (p.status === 'cancelled') {
      finishOpen(draft, record, 'revoke');
    }
  }
}

const automatic = (refund: RefundRecord) => refund.reason !== 'operator';
const isOpen = (refund: RefundRecord) => refund.state === 'pending' || refund.state === 'needs_operator';

/** The payment seen fully refunded completes what was owed, whoever refunded it and whatever answer was lost. */
function settleSeenRefunds(draft: IntentDraft, record: PaymentRecord): void {
  if (balanceOf(record.snapshot) <= 0) finishOpen(draft, record, 'cancel');
}

function finishOpen(draft: IntentDraft, record: PaymentRecord, kind: RefundRecord['kind']): void {
  for (const refund of draft.refunds) {
    if (refund.imp_uid !== record.imp_uid || refund.kind !== kind || !automatic(refund) || !isOpen(refund)) continue;
    complete(draft.ctx, refund);
  }
}

/** A webhook or a re-read showing the operator's refund done before its own answer came back. */
function finishLanded(draft: IntentDraft, record: PaymentRecord): void {
  for (const refund of draft.refunds) {
    if (refund.imp_uid !== record.imp_uid || refund.state !== 'pending' || !hasLanded(refund, record.snapshot)) continue;
    complete(draft.ctx, refund);
  }
}

/**
 * Whether i'mport shows this refund carried out (a revoke: the account closed). The balance must have moved by exactly
 * our amount and, where i'mport lists its cancels, one of them must be ours by amount and reason: a refund of the same
 * amount made at the console meanwhile is not taken for ours. An automatic refund is done once nothing is left.
 */
export function hasLanded(refund: RefundRecord, seen: Snapshot): boolean {
  if (refund.kind === 'revoke') return seen.status === 'cancelled';
  const balance = balanceOf(seen);
  if (automatic(refund) && balance <= 0) return true;
  return balance === (refund.checksum ?? 0) - refund.amount && listsOurCancel(refund, seen);
}

function listsOurCancel(refund: RefundRecord, seen: Snapshot): boolean {
  const history = (seen.cancel_history ?? []) as Array<{ amount?: unknown; reason?: unknown } | null>;
  if (history.length === 0) return true;
  const reason = cancelReasonOf(refund);
  return history.some((entry) => Number(entry?.amount) === refund.amount && entry?.reason === reason);
}

export function complete(ctx: Context, refund: RefundRecord): void {
  refund.state = 'done';
  refund.completed_at = ctx.now.toISOString();
  refund.next_attempt_at = null;
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
