import type { Context, RefundAnswer, RefundRequest, Rejection } from './facts.js';
import { complete, hasLanded, newRefund } from './intents.js';
import { balanceOf, type OrderRecord, type RefundRecord, type Snapshot } from './model.js';

/** After this many unanswered attempts (about a day of backoff) a refund is left to a person. */
const MAX_ATTEMPTS = 20;
const MAX_BACKOFF_MS = 60 * 60_000;

export interface AnswerDraft {
  refunds: RefundRecord[];
  ctx: Context;
  /** folds a payment snapshot the PSP answered into what is known */
  observe(snapshot: Snapshot): void;
}

/**
 * What the PSP's answer (or silence) means for a refund. The re-read payment is the truth when the answer was lost:
 * its cancels show whether the refund landed, or that someone else changed it first (then nothing was refunded by ours,
 * and an automatic refund is planned again for what is left). One the PSP carries out later stays pending, looked at
 * again with backoff and never sent again, until the PSP shows it done.
 */
export function answerRefund(draft: AnswerDraft, refund: RefundRecord, answer: RefundAnswer, interactive: boolean): void {
  const seen = answer.result === 'done' ? answer.payment : answer.seen;
  if (seen) draft.observe(seen);
  // settled meanwhile; what the PSP showed may still complete it (the transition's intents look at every refund)
  if (refund.state !== 'pending') return;
  refund.attempts += 1;
  if (answer.result === 'done' || (seen && hasLanded(refund, seen))) return complete(draft.ctx, refund);
  if (answer.result === 'requested') return retryLater(draft.ctx, refund, 'accepted by the PSP, which carries it out later');
  // a refusal we could not check against the payment may be our own earlier attempt landing: look again later
  if (answer.result === 'unavailable' || !seen) return retryLater(draft.ctx, refund, answer.message);
  refund.last_error = answer.message;
  refund.next_attempt_at = null;
  refund.state = refusalState(refund, seen, interactive);
}

/**
 * A refused revoke leaves the account open (the PG cannot close it; a deposit is refunded). An operator who asked is
 * told. An automatic refund whose balance moved first (refunded elsewhere) is planned again for what is left.
 * Anything else is for a person.
 */
function refusalState(refund: RefundRecord, seen: Snapshot, interactive: boolean): RefundRecord['state'] {
  if (refund.kind === 'revoke') return 'failed';
  if (refund.reason === 'operator') return interactive ? 'failed' : 'needs_operator';
  return balanceOf(seen) !== refund.checksum ? 'failed' : 'needs_operator';
}

function retryLater(ctx: Context, refund: RefundRecord, message: string): void {
  refund.last_error = message;
  if (refund.attempts >= MAX_ATTEMPTS) {
    refund.state = 'needs_operator';
    refund.next_attempt_at = null;
    return;
  }
  const backoff = Math.min(30_000 * 2 ** (refund.attempts - 1), MAX_BACKOFF_MS);
  refund.next_attempt_at = new Date(ctx.now.getTime() + backoff).toISOString();
}

/**
 * An operator's refund of the order's payment. `checksum` is the balance the service holds: when the PSP's differs (a
 * refund made at its console), the PSP refuses and nothing is refunded twice. A retry with the same Idempotency-Key
 * resumes the refund it started instead of asking for another.
 */
export function requestRefund(
  draft: { order: OrderRecord; refunds: RefundRecord[]; ctx: Context },
  request: RefundRequest,
): { refund: RefundRecord; resume: boolean } | Rejection {
  const { order } = draft;
  const earlier = request.requestKey ? draft.refunds.find((r) => r.request_key === request.requestKey) : undefined;
  if (earlier) return { refund: earlier, resume: earlier.state === 'pending' };
  if (!order.source_id || (order.status !== 'paid' && order.status !== 'partially_cancelled')) {
    return { kind: 'conflict', message: `order ${order.merchant_uid} is ${order.status}: only a paid order can be cancelled` };
  }
  if (draft.refunds.some((r) => r.source_id === order.source_id && r.state === 'pending')) {
    return { kind: 'conflict', message: `a refund of order ${order.merchant_uid} is in progress; retry shortly` };
  }
  const remaining = order.paid_amount - order.cancelled_amount;
  const amount = request.amount ?? remaining;
  if (amount > remaining) {
    return { kind: 'invalid', message: `amount ${amount} exceeds the ${remaining} won that remain cancellable`, extra: { remaining } };
  }
  const refund = newRefund(draft.ctx, order.source_id, {
    kind: 'cancel',
    reason: 'operator',
    amount,
    checksum: remaining,
    note: request.note,
    refund_to: request.refundTo ?? null,
    request_key: request.requestKey ?? null,
    actor: request.actor ?? null,
  });
  draft.refunds.push(refund);
  return { refund, resume: true };
}
