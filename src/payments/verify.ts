import { inTransaction, type Tx } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { recordEvent } from '../events/record.js';
import type { IamportPayment } from '../iamport/schemas.js';
import { lockOrder, updateOrder } from '../orders/repository.js';
import { decidePaymentOutcome, type Decision, type Outcome } from './decide.js';
import { closeReplacedVbank } from './close-vbank.js';
import type { MoneyDeps } from './deps.js';
import { refundNote, refundStateOf, refundUnwanted, type RefundState } from './refund-unwanted.js';
import { savePayment } from './repository.js';

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
  const refund = decision.cancel ? await refundUnwanted(deps, order, payment, decision.cancel) : refundStateOf(payment);
  if (decision.closeVbank) await closeReplacedVbank(deps, order, decision.closeVbank);
  if (decision.events.length || decision.cancel) deps.log.info({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, outcome: decision.outcome, source: input.source }, 'payment applied');
  return { outcome: decision.outcome, message: messageFor(decision.outcome, payment, refund), order };
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

function messageFor(outcome: Outcome, payment: IamportPayment, refund: RefundState): string {
  switch (outcome) {
    case 'success':
      return 'payment verified';
    case 'vbankIssued':
      return `virtual account issued: ${payment.vbank_name ?? ''} ${payment.vbank_num ?? ''}`.trim();
    case 'failed':
      return payment.fail_reason || 'payment failed';
    case 'notCompleted':
      return 'the payment is not completed';
    case 'forgery':
      return `the paid amount ${payment.amount} ${payment.currency} does not match the order; ${refundNote(refund)}`;
    case 'duplicate':
      return `the order was already paid with another payment; ${refundNote(refund)}`;
    case 'cancelled':
      return 'the payment is cancelled';
  }
}
