import { Conflict, Invalid, NotFound, Upstream } from '../errors.js';
import { applyFact, type Applied } from './apply.js';
import type { MoneyDeps } from './deps.js';
import type { RefundRequest } from './facts.js';
import type { RefundRecord, SettlementState } from './model.js';
import { carryOut } from './refunds.js';
import { observeAndCarryOut } from './verify.js';

/**
 * A full or partial refund an operator asks for. The refund is committed first (its amount and the checksum guard),
 * then sent to the PSP with nothing locked, then its answer applied: a lost answer is settled from the PSP's list of the
 * payment's cancels (which names the refund by its id), here or by the sweeper, and never refunds twice.
 */
export async function refundOrder(deps: MoneyDeps, merchantUid: string, request: RefundRequest): Promise<SettlementState> {
  const requested = await applyFact(deps, merchantUid, { kind: 'refund_requested', request });
  if (!requested) throw new NotFound(`no order ${merchantUid}`);
  const { rejection, subject, execute } = requested.result;
  if (rejection) throw rejection.kind === 'invalid' ? new Invalid(rejection.message, rejection.extra) : new Conflict(rejection.message);
  const answered = execute.length ? await carryOut(deps, merchantUid, execute[0]!, true) : await lookAgain(deps, requested.result, subject!);
  const state = answered?.result ?? requested.result;
  const refund = state.refunds.find((r) => r.id === subject!.id)!;
  if (refund.state === 'done') return state;
  if (refund.state === 'pending') {
    throw new Upstream(`the refund is recorded but the PSP could not confirm it (${refund.last_error ?? 'no answer'}); it is completed automatically, and a retry with the same Idempotency-Key shows its result`);
  }
  throw new Conflict(`the PSP refused the cancel: ${refund.last_error}`, { refund_id: refund.id });
}

/**
 * A retry (same Idempotency-Key) of a refund believed refused: the PSP is asked about the payment once more, so that a
 * refund it lists as carried out is completed and answered as done.
 */
async function lookAgain(deps: MoneyDeps, state: SettlementState, refund: RefundRecord): Promise<Applied | null> {
  if (refund.state !== 'failed' && refund.state !== 'needs_operator') return null;
  const merchantUid = state.order.merchant_uid;
  const provider = deps.providers.of(state.payments.find((p) => p.source_id === refund.source_id)!.snapshot.provider);
  const seen = await provider.reread({ source_id: refund.source_id, order_id: merchantUid }).catch(() => null);
  return seen && observeAndCarryOut(deps, merchantUid, [seen]);
}
