import { IamportRefused, IamportUnavailable } from '../iamport/errors.js';
import { applyFact, type Applied } from './apply.js';
import type { MoneyDeps } from './deps.js';
import type { RefundAnswer } from './facts.js';
import { hasLanded } from './intents.js';
import { balanceOf, cancelReasonOf, type RefundRecord, type Snapshot } from './model.js';

/** An answer can plan more (a revoke refused because the account was paid meanwhile plans its refund): this many at most. */
const MAX_CARRIED_OUT = 6;

/**
 * Carries out a committed refund or revoke at i'mport, with no lock or transaction held, then applies what i'mport
 * answered, and likewise what that answer planned. `interactive`: an operator is waiting for the first answer (a
 * refusal is theirs to see, not left for later).
 */
export async function carryOut(deps: MoneyDeps, merchantUid: string, refund: RefundRecord, interactive: boolean): Promise<Applied | null> {
  let applied = await settleAtIamport(deps, merchantUid, refund, interactive);
  const planned = [...(applied?.result.execute ?? [])];
  for (let done = 1; planned.length > 0 && done < MAX_CARRIED_OUT; done += 1) {
    applied = (await settleAtIamport(deps, merchantUid, planned.shift()!, false)) ?? applied;
    planned.push(...(applied?.result.execute ?? []));
  }
  return applied;
}

async function settleAtIamport(deps: MoneyDeps, merchantUid: string, refund: RefundRecord, interactive: boolean): Promise<Applied | null> {
  const answer = await askIamport(deps, refund);
  return applyFact(deps, merchantUid, { kind: 'refund_answered', refundId: refund.id, answer, interactive });
}

/**
 * One attempt, and when its answer was lost with the balance untouched, one more: the same checksum makes it safe,
 * since a first attempt that lands late is then refused by i'mport.
 */
async function askIamport(deps: MoneyDeps, refund: RefundRecord): Promise<RefundAnswer> {
  const first = await attempt(deps, refund);
  if (first.result !== 'unavailable' || !first.seen || hasLanded(refund, first.seen) || !untouched(refund, first.seen)) return first;
  const second = await attempt(deps, refund);
  return second.result === 'unavailable' ? { ...second, message: first.message } : second;
}

/** i'mport's answer, or, when it refused or could not answer, the payment as it stands there now. */
async function attempt(deps: MoneyDeps, refund: RefundRecord): Promise<RefundAnswer> {
  try {
    return { result: 'done', payment: await send(deps, refund) };
  } catch (error) {
    if (!(error instanceof IamportRefused) && !(error instanceof IamportUnavailable)) throw error;
    const seen = await reread(deps, refund.imp_uid);
    if (error instanceof IamportRefused) return { result: 'refused', message: error.iamportMessage, seen };
    return { result: 'unavailable', message: error.message, seen };
  }
}

const untouched = (refund: RefundRecord, seen: Snapshot) =>
  refund.kind === 'revoke' ? seen.status === 'ready' : balanceOf(seen) === refund.checksum;

function send(deps: MoneyDeps, refund: RefundRecord): Promise<Snapshot> {
  if (refund.kind === 'revoke') return deps.iamport.revokeVbank(refund.imp_uid);
  return deps.iamport.cancel({
    impUid: refund.imp_uid,
    amount: refund.amount,
    checksum: refund.checksum!,
    reason: cancelReasonOf(refund),
    refund_holder: refund.refund_to?.holder,
    refund_bank: refund.refund_to?.bank,
    refund_account: refund.refund_to?.account,
    refund_tel: refund.refund_to?.tel,
    // the webhook reports the refund again, should our answer or our commit be lost
    enable_webhook: true,
  });
}

async function reread(deps: MoneyDeps, impUid: string): Promise<Snapshot | null> {
  return deps.iamport.getPayment(impUid).catch(() => null);
}
