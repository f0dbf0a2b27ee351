import type { Context, Rejection, RefundRetry } from './facts.js';
import { complete, isShownCarriedOut, LEASE_MS } from './intents.js';
import { balanceOf, type PaymentRecord, type RefundRecord, type Snapshot } from './model.js';

export interface RetryDraft {
  payments: PaymentRecord[];
  refunds: RefundRecord[];
  ctx: Context;
  execute: RefundRecord[];
  rejection: Rejection | null;
  subject: RefundRecord | null;
}

/** Left to a person (the PSP refused an automatic refund) or refused while an operator waited: a person may retry it. */
const RETRYABLE: ReadonlySet<RefundRecord['state']> = new Set(['needs_operator', 'failed']);

/**
 * An operator's retry of a refund: the same refund row, attempted again with the checksum of the payment the PSP holds
 * now. The payment was re-read just before, so an earlier attempt that landed meanwhile completes the refund instead of
 * sending another; one that lands after this is committed makes the PSP refuse this attempt (its checksum no longer
 * matches). Never a second refund: no new row, and nothing while another refund of the payment is open.
 */
export function retryRefund(draft: RetryDraft, retry: RefundRetry, observe: (snapshot: Snapshot) => void): void {
  const refund = draft.refunds.find((r) => r.id === retry.refundId);
  if (!refund) return reject(draft, 'conflict', `no refund ${retry.refundId} for this order`);
  observe(retry.seen);
  draft.subject = refund;
  if (refund.state === 'done') return;
  // the newest of what was re-read and what was applied meanwhile
  const seen = draft.payments.find((record) => record.source_id === refund.source_id)?.snapshot ?? retry.seen;
  if (isShownCarriedOut(refund, seen)) return complete(draft.ctx, refund);
  if (!RETRYABLE.has(refund.state)) return reject(draft, 'conflict', `refund ${refund.id} is being carried out; its result shows shortly`);
  const other = draft.refunds.find((r) => r !== refund && r.source_id === refund.source_id && (r.state === 'pending' || r.state === 'needs_operator'));
  if (other) return reject(draft, 'conflict', `refund ${other.id} of the same payment is open: finish that one`);
  const attempt = nextAttempt(refund, seen);
  // nothing left to refund or close: returned by another cancel (the transition's intents void the refund)
  if (attempt === null) return;
  if ('kind' in attempt) return void (draft.rejection = attempt);
  Object.assign(refund, attempt, {
    state: 'pending',
    refund_to: retry.refundTo ?? refund.refund_to,
    actor: retry.actor,
    next_attempt_at: new Date(draft.ctx.now.getTime() + LEASE_MS).toISOString(),
  } satisfies Partial<RefundRecord>);
  draft.execute.push(refund);
}

/**
 * What the new attempt asks of the PSP: null when nothing is left to do. An automatic refund returns everything the
 * payment still holds; an operator's keeps its amount, which must still fit. A revoke is tried again only while the
 * account is still open and unpaid.
 */
function nextAttempt(refund: RefundRecord, seen: Snapshot): Pick<RefundRecord, 'amount' | 'checksum'> | Rejection | null {
  if (refund.kind === 'revoke') return seen.status === 'ready' ? { amount: 0, checksum: null } : null;
  const balance = balanceOf(seen);
  if (balance <= 0) return refund.reason === 'operator' ? { kind: 'conflict', message: `payment ${refund.source_id} has nothing left to refund at the PSP` } : null;
  if (refund.reason !== 'operator') return { amount: balance, checksum: balance };
  if (refund.amount > balance) {
    return { kind: 'invalid', message: `the refund of ${refund.amount} won exceeds the ${balance} won that remain cancellable`, extra: { remaining: balance } };
  }
  return { amount: refund.amount, checksum: balance };
}

function reject(draft: RetryDraft, kind: Rejection['kind'], message: string): void {
  draft.rejection = { kind, message };
}
