import { setTimeout as sleep } from 'node:timers/promises';
import { observed, timed } from './observer.js';
import { applyFact, type Applied } from './apply.js';
import type { MoneyDeps } from './deps.js';
import { isUnverifiable, PSP_NAME, type Provider, type SettlementState, type Snapshot } from './model.js';
import { automaticRefundOf, messageFor, outcomeOf, type Outcome } from './outcome.js';
import type { PaymentProvider } from './provider.js';
import { carryOut } from './refunds.js';
import { readState } from './store.js';

export type VerifySource = 'callback' | 'redirect' | 'webhook' | 'sync' | 'sweeper';

export interface VerifyInput {
  /** the PSP API that reported the payment */
  provider: Provider;
  /** how the caller names the payment at that PSP (V1: an imp_uid; V2: a paymentId) */
  reference: string;
  /** the order the caller claims the payment is for; the payment's own order is the truth */
  merchantUid?: string;
  source: VerifySource;
  /** what a webhook says changed: never trusted, only used to tell that it brings nothing new */
  hint?: { sourceId?: string; status?: string; cancellationId?: string };
}

export interface VerifyOutcome {
  outcome: Outcome | 'notFound';
  message: string;
  state?: SettlementState;
}

/** A refund another request is carrying out for the same payment is awaited this long, so its answer can be told. */
const IN_FLIGHT_WAIT_MS = 5_000;

/**
 * The one routine every path into the money state goes through: fetch the payment from its PSP (never trusting the
 * caller beyond the ids), apply it, then carry out the refunds and revokes that committed with it.
 */
export function verifyPayment(deps: MoneyDeps, input: VerifyInput): Promise<VerifyOutcome> {
  return observed(deps.observe, input.source, () => verify(deps, input), (result) => result.outcome);
}

async function verify(deps: MoneyDeps, input: VerifyInput): Promise<VerifyOutcome> {
  const provider = deps.providers.of(input.provider);
  const held = input.merchantUid ? await timed(deps.observe, 'read', () => readState(deps.pool, input.merchantUid!)) : undefined;
  if (held === null) return { outcome: 'notFound', message: `no order ${input.merchantUid}` };
  const known = held && answerFromRecord(held, input, provider);
  if (known) return known;
  const found = await timed(deps.observe, 'psp', () => provider.lookUp(input.reference));
  if (!found) return { outcome: 'notFound', message: `${PSP_NAME[input.provider]} has no payment ${input.reference}` };
  const payment = claimedIfUnnamed(found.subject, input.merchantUid);
  if (input.merchantUid && input.merchantUid !== payment.order_id) {
    // maybe another buyer's valid payment: it is settled only against its own order, never cancelled from here
    deps.log.warn({ source_id: payment.source_id, claimed: input.merchantUid, source: input.source }, 'payment belongs to another order');
    return { outcome: 'forgery', message: `payment ${payment.source_id} does not belong to order ${input.merchantUid}` };
  }
  const facts = found.facts.map((fact) => (fact.source_id === payment.source_id ? payment : fact));
  const applied = await timed(deps.observe, 'apply', () => observeAndCarryOut(deps, payment.order_id, facts, false, held));
  if (!applied) return { outcome: 'notFound', message: `no order ${payment.order_id}` };
  return answer(deps, applied, payment, input);
}

async function answer(deps: MoneyDeps, applied: Applied, payment: Snapshot, input: VerifyInput): Promise<VerifyOutcome> {
  const state = await settledView(deps, applied, payment.source_id);
  const record = state.payments.find((p) => p.source_id === payment.source_id)!;
  // this answer is what the caller asked about: one that cannot be verified is told so, whatever was held before
  const outcome = isUnverifiable(payment) ? 'unverifiable' : outcomeOf(state, record);
  if (applied.result.events.length) deps.log.info({ source_id: payment.source_id, merchant_uid: payment.order_id, outcome, source: input.source }, 'payment applied');
  const told = outcome === 'unverifiable' ? { ...record, snapshot: payment } : record;
  return { outcome, message: messageFor(outcome, state, told), state };
}

/** A payment too broken to name its order is surfaced on the order it was claimed for (never accepted or refunded). */
const claimedIfUnnamed = (payment: Snapshot, claimed: string | undefined): Snapshot =>
  !payment.order_id && claimed ? { ...payment, order_id: claimed } : payment;

/**
 * A repeated callback or webhook for a payment already applied is answered from what the service holds: a callback for
 * a payment that is no longer open (paid, cancelled or failed; an open virtual account is asked about again, it may have
 * been paid), a webhook whose status is the one already known and that names no cancel. Anything else goes to the PSP.
 * Nothing from the caller is trusted: the answer is the service's own record, read once (and, when the PSP must be
 * asked, that read serves the apply step too).
 */
function answerFromRecord(state: SettlementState, input: VerifyInput, provider: PaymentProvider): VerifyOutcome | null {
  const sourceId = input.hint?.sourceId ?? provider.sourceNamedBy(input.reference, state.order);
  const record = state.payments.find((p) => p.source_id === sourceId);
  if (!record || record.role === 'unverifiable' || automaticRefundOf(state, record.source_id)?.state === 'pending') return null;
  const { status } = record.snapshot;
  const settled = input.source === 'webhook' ? input.hint?.status === status && !input.hint.cancellationId : status !== 'ready';
  if (!settled) return null;
  const outcome = outcomeOf(state, record);
  return { outcome, message: messageFor(outcome, state, record), state };
}

/** Applies what the PSP reports for an order, then carries out what that committed. Null for an unknown order. */
export async function observeAndCarryOut(
  deps: MoneyDeps,
  merchantUid: string,
  payments: Snapshot[],
  expireDue = false,
  read?: SettlementState,
): Promise<Applied | null> {
  let applied = await applyFact(deps, merchantUid, { kind: 'observed', payments, expireDue }, read);
  for (const refund of applied?.result.execute ?? []) applied = (await carryOut(deps, merchantUid, refund, false)) ?? applied;
  return applied;
}

/**
 * The state to answer from. A refund of this payment that a concurrent request committed and is still carrying out
 * (never answered yet) is awaited briefly, so that every caller is told what became of it.
 */
async function settledView(deps: MoneyDeps, applied: Applied, sourceId: string): Promise<SettlementState> {
  let state: SettlementState = applied.result;
  const inFlight = () => {
    const refund = automaticRefundOf(state, sourceId);
    return refund?.state === 'pending' && refund.attempts === 0;
  };
  for (const deadline = Date.now() + IN_FLIGHT_WAIT_MS; inFlight() && Date.now() < deadline; ) {
    await sleep(100);
    state = (await readState(deps.pool, state.order.merchant_uid)) ?? state;
  }
  return state;
}
