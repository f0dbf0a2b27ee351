import { sql } from 'kysely';
import { PspRefused, PspUnavailable } from '../errors.js';
import { applyFact, type Applied } from './apply.js';
import type { MoneyDeps } from './deps.js';
import type { RefundAnswer } from './facts.js';
import { hasLanded, isRequestedAtPsp } from './intents.js';
import { balanceOf, cancelReasonOf, type Provider, type RefundRecord, type Snapshot } from './model.js';
import type { PaymentProvider, SourceRef } from './provider.js';

/** An answer can plan more (a revoke refused because the account was paid meanwhile plans its refund): this many at most. */
const MAX_CARRIED_OUT = 6;

/**
 * Carries out a committed refund or revoke at the PSP that holds the payment, with no lock or transaction held, then
 * applies what the PSP answered, and likewise what that answer planned. `interactive`: an operator is waiting for the
 * first answer (a refusal is theirs to see, not left for later).
 */
export async function carryOut(deps: MoneyDeps, merchantUid: string, refund: RefundRecord, interactive: boolean): Promise<Applied | null> {
  let applied = await settleAtPsp(deps, merchantUid, refund, interactive);
  const planned = [...(applied?.result.execute ?? [])];
  for (let done = 1; planned.length > 0 && done < MAX_CARRIED_OUT; done += 1) {
    applied = (await settleAtPsp(deps, merchantUid, planned.shift()!, false)) ?? applied;
    planned.push(...(applied?.result.execute ?? []));
  }
  return applied;
}

/** The payment's own PSP (one paid through another than its order's is refunded where it was paid), and its currency. */
async function sourceOf(deps: MoneyDeps, sourceId: string): Promise<{ provider: PaymentProvider; currency: string }> {
  const row = await deps.db
    .selectFrom('payments')
    .select([sql<Provider>`snapshot->>'provider'`.as('provider'), 'currency'])
    .where('source_id', '=', sourceId)
    .executeTakeFirstOrThrow();
  return { provider: deps.providers.of(row.provider), currency: row.currency };
}

async function settleAtPsp(deps: MoneyDeps, merchantUid: string, refund: RefundRecord, interactive: boolean): Promise<Applied | null> {
  const { provider, currency } = await sourceOf(deps, refund.source_id);
  const source = { source_id: refund.source_id, order_id: merchantUid, currency };
  const answer = (refund.attempts > 0 && (await alreadyAnswered(provider, source, refund))) || (await askPsp(provider, source, refund));
  return applyFact(deps, merchantUid, { kind: 'refund_answered', refundId: refund.id, answer, interactive });
}

/**
 * A refund tried before may have landed unseen, or be one the PSP carries out later: it is looked at before it is sent
 * again, and not sent while the PSP lists it as requested.
 */
async function alreadyAnswered(provider: PaymentProvider, source: SourceRef, refund: RefundRecord): Promise<RefundAnswer | null> {
  const seen = await reread(provider, source);
  if (!seen) return null;
  if (hasLanded(refund, seen)) return { result: 'done', payment: seen };
  return isRequestedAtPsp(refund, seen) ? { result: 'requested', seen } : null;
}

/** The payment a refund goes to, with its currency (a refund's amounts are in its main unit). */
type Source = SourceRef & { currency: string };

/**
 * One attempt, and when its answer was lost with the balance untouched, one more: the same checksum makes it safe,
 * since a first attempt that lands late is then refused by the PSP.
 */
async function askPsp(provider: PaymentProvider, source: Source, refund: RefundRecord): Promise<RefundAnswer> {
  const first = await attempt(provider, source, refund);
  if (first.result !== 'unavailable' || !first.seen || hasLanded(refund, first.seen) || !untouched(refund, first.seen)) return first;
  const second = await attempt(provider, source, refund);
  return second.result === 'unavailable' ? { ...second, message: first.message } : second;
}

/** The PSP's answer, or, when it refused or could not answer, the payment as it stands there now. */
async function attempt(provider: PaymentProvider, source: Source, refund: RefundRecord): Promise<RefundAnswer> {
  try {
    if (refund.kind === 'revoke') return { result: 'done', payment: await provider.closeAccount(source) };
    const cancelled = await provider.cancel({ ...source, amount: refund.amount, checksum: refund.checksum!, reason: cancelReasonOf(refund), refundTo: refund.refund_to });
    return cancelled.result === 'done' ? cancelled : { result: 'requested', seen: cancelled.payment };
  } catch (error) {
    if (!(error instanceof PspRefused) && !(error instanceof PspUnavailable)) throw error;
    const seen = await reread(provider, source);
    if (error instanceof PspRefused) return { result: 'refused', message: error.pspMessage, seen };
    return { result: 'unavailable', message: error.message, seen };
  }
}

const untouched = (refund: RefundRecord, seen: Snapshot) =>
  refund.kind === 'revoke' ? seen.status === 'ready' : balanceOf(seen) === refund.checksum && !isRequestedAtPsp(refund, seen);

const reread = (provider: PaymentProvider, source: SourceRef): Promise<Snapshot | null> => provider.reread(source).catch(() => null);
