import { sql } from 'kysely';
import { inTransaction, type Tx } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { recordEvent } from '../events/record.js';
import { IamportRefused, IamportUnavailable } from '../iamport/errors.js';
import type { IamportPayment } from '../iamport/schemas.js';
import { lockOrder, updateOrder } from '../orders/repository.js';
import { decidePaymentOutcome, type Decision, type Outcome } from './decide.js';
import type { MoneyDeps } from './deps.js';

export type VerifySource = 'callback' | 'redirect' | 'webhook' | 'sync' | 'sweeper';

export interface VerifyInput {
  impUid: string;
  /** the order the caller claims the payment is for; the payment's own merchant_uid is the truth */
  merchantUid?: string;
  source: VerifySource;
  /** already fetched from i'mport (sync, sweeper) */
  payment?: IamportPayment;
}

export interface VerifyOutcome {
  outcome: Outcome | 'notFound';
  message: string;
  order?: OrderRow;
}

/**
 * The one routine every path into the money state goes through: fetch the payment from i'mport (never trusting
 * the caller beyond the ids), then decide and apply it with the order row locked, then refund what must be.
 */
export async function verifyPayment(deps: MoneyDeps, input: VerifyInput): Promise<VerifyOutcome> {
  const payment = input.payment ?? (await deps.iamport.getPayment(input.impUid));
  if (!payment) return { outcome: 'notFound', message: `i'mport has no payment ${input.impUid}` };
  if (input.merchantUid && input.merchantUid !== payment.merchant_uid) {
    // maybe another buyer's valid payment: it is settled only against its own order, never cancelled from here
    deps.log.warn({ imp_uid: payment.imp_uid, claimed: input.merchantUid, source: input.source }, 'payment belongs to another order');
    return { outcome: 'forgery', message: `payment ${payment.imp_uid} does not belong to order ${input.merchantUid}` };
  }
  const applied = await inTransaction(deps.db, (tx) => applyPayment(tx, deps, payment));
  if (!applied) return { outcome: 'notFound', message: `no order ${payment.merchant_uid}` };
  const { decision, order } = applied;
  const final = decision.cancel ? await cancelUnwanted(deps, order, payment, decision.cancel) : payment;
  if (decision.events.length || decision.cancel) deps.log.info({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, outcome: decision.outcome, source: input.source }, 'payment applied');
  return { outcome: decision.outcome, message: messageFor(decision, final), order };
}

async function applyPayment(tx: Tx, deps: MoneyDeps, payment: IamportPayment): Promise<{ decision: Decision; order: OrderRow } | undefined> {
  const locked = await lockOrder(tx, payment.merchant_uid);
  if (!locked) return undefined;
  const decision = decidePaymentOutcome(locked, payment, deps.config);
  const order = decision.change ? await updateOrder(tx, locked.merchant_uid, decision.change) : locked;
  await savePayment(tx, payment, decision.verdict);
  for (const event of decision.events) await recordEvent(tx, order, event);
  return { decision, order };
}

export async function savePayment(tx: Tx, payment: IamportPayment, verdict: string): Promise<void> {
  const row = {
    imp_uid: payment.imp_uid,
    merchant_uid: payment.merchant_uid,
    status: payment.status,
    amount: payment.amount,
    cancel_amount: payment.cancel_amount,
    currency: payment.currency,
    verdict,
    snapshot: JSON.stringify(payment),
  };
  await tx
    .insertInto('payments')
    .values(row)
    // a snapshot read before the stored one (two reads racing) must not replace it: refunds only grow, and a
    // payment never goes back to 'ready'
    .onConflict((oc) =>
      oc
        .column('imp_uid')
        .doUpdateSet({ ...row, updated_at: sql`now()` })
        .where(sql<boolean>`excluded.cancel_amount >= payments.cancel_amount AND NOT (excluded.status = 'ready' AND payments.status <> 'ready')`),
    )
    .execute();
}

/**
 * Refunds a forged or duplicate payment and returns it as i'mport now has it. `checksum` makes concurrent attempts
 * safe: only one refund can match the balance. A refusal means someone else already refunded it; i'mport being down
 * leaves it to the sweeper, which retries refunds that are still owed.
 */
async function cancelUnwanted(deps: MoneyDeps, order: OrderRow, payment: IamportPayment, cancel: NonNullable<Decision['cancel']>): Promise<IamportPayment> {
  try {
    const refunded = await deps.iamport.cancel({ impUid: payment.imp_uid, amount: cancel.amount, checksum: payment.amount - payment.cancel_amount, reason: cancel.reason });
    await inTransaction(deps.db, async (tx) => {
      // the order row first, as in applyPayment: one lock order for every money transaction, so no deadlock
      await lockOrder(tx, order.merchant_uid);
      await savePayment(tx, refunded, cancel.event ? 'duplicate_cancelled' : 'forgery_cancelled');
      if (cancel.event) await recordEvent(tx, order, cancel.event);
    });
    return refunded;
  } catch (error) {
    if (!(error instanceof IamportRefused) && !(error instanceof IamportUnavailable)) throw error;
    deps.log.warn({ imp_uid: payment.imp_uid, reason: error.message }, 'automatic cancel not done');
    return payment;
  }
}

/** What became of a payment we refuse, so the payer is told the truth about their money. */
function refundNote(decision: Decision, payment: IamportPayment): string {
  if (payment.status === 'cancelled') return "it has been cancelled at i'mport";
  return decision.cancel ? "its cancellation at i'mport is owed and will be retried" : 'it has not been cancelled';
}

function messageFor(decision: Decision, payment: IamportPayment): string {
  switch (decision.outcome) {
    case 'success':
      return 'payment verified';
    case 'vbankIssued':
      return `virtual account issued: ${payment.vbank_name ?? ''} ${payment.vbank_num ?? ''}`.trim();
    case 'failed':
      return payment.fail_reason || 'payment failed';
    case 'notCompleted':
      return 'the payment is not completed';
    case 'forgery':
      return `the paid amount ${payment.amount} ${payment.currency} does not match the order; ${refundNote(decision, payment)}`;
    case 'duplicate':
      return `the order was already paid with another payment; ${refundNote(decision, payment)}`;
    case 'cancelled':
      return 'the payment is cancelled';
  }
}
