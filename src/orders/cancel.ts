import { Conflict, Invalid, NotFound } from '../http/errors.js';
import { inTransaction, type Tx } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { recordEvent } from '../events/record.js';
import { IamportRefused, IamportUnavailable } from '../iamport/errors.js';
import type { IamportPayment } from '../iamport/schemas.js';
import type { MoneyDeps } from '../payments/deps.js';
import { savePayment } from '../payments/repository.js';
import { lockOrder, updateOrder } from './repository.js';

export interface CancelInput {
  reason: string;
  amount?: number;
  refund_holder?: string;
  refund_bank?: string;
  refund_account?: string;
}

/**
 * A full or partial refund. The order row stays locked for the whole call, so cancels of one order are serialised
 * across instances; `checksum` (the balance we believe is left) makes i'mport refuse anything that raced us anyway.
 */
export async function cancelOrder(deps: MoneyDeps, merchantUid: string, input: CancelInput): Promise<OrderRow> {
  return inTransaction(deps.db, async (tx) => {
    const order = await lockOrder(tx, merchantUid);
    if (!order) throw new NotFound(`no order ${merchantUid}`);
    if (!order.imp_uid || !['paid', 'partially_cancelled'].includes(order.status)) {
      throw new Conflict(`order ${merchantUid} is ${order.status}: only a paid order can be cancelled`);
    }
    const remaining = Number(order.paid_amount) - Number(order.cancelled_amount);
    const amount = input.amount ?? remaining;
    if (amount > remaining) throw new Invalid(`amount ${amount} exceeds the ${remaining} won that remain cancellable`, { remaining });
    const refunded = await refundAtIamport(deps, order.imp_uid, { ...input, amount }, remaining);
    return applyRefund(tx, order, refunded);
  });
}

async function refundAtIamport(deps: MoneyDeps, impUid: string, input: CancelInput & { amount: number }, checksum: number): Promise<IamportPayment> {
  // the webhook reports this refund again: it settles the order should our commit below never happen
  const request = { impUid, checksum, ...input, enable_webhook: true };
  try {
    return await deps.iamport.cancel(request);
  } catch (error) {
    if (!(error instanceof IamportUnavailable)) throw asConflict(error);
    // ambiguous: the cancel may have landed. Re-read; it did iff the balance moved by our amount. If the balance
    // is untouched, the same checksum makes one retry safe: should the first attempt land late, i'mport refuses it.
    const left = await cancellableAt(deps, impUid);
    if (left?.balance === checksum - input.amount) return left.payment;
    if (left?.balance !== checksum) throw error;
    return deps.iamport.cancel(request).catch(async (retryError: unknown) => {
      const after = await cancellableAt(deps, impUid);
      if (after?.balance === checksum - input.amount) return after.payment;
      throw asConflict(retryError);
    });
  }
}

async function cancellableAt(deps: MoneyDeps, impUid: string): Promise<{ payment: IamportPayment; balance: number } | null> {
  const payment = await deps.iamport.getPayment(impUid).catch(() => null);
  return payment && { payment, balance: payment.amount - payment.cancel_amount };
}

function asConflict(error: unknown): unknown {
  return error instanceof IamportRefused ? new Conflict(`i'mport refused the cancel: ${error.iamportMessage}`) : error;
}

async function applyRefund(tx: Tx, order: OrderRow, payment: IamportPayment): Promise<OrderRow> {
  const full = payment.cancel_amount >= Number(order.paid_amount);
  const updated = await updateOrder(tx, order.merchant_uid, {
    status: full ? 'cancelled' : 'partially_cancelled',
    cancelled_amount: payment.cancel_amount,
    cancelled_at: new Date(),
  });
  await savePayment(tx, payment, 'accepted');
  const type = full ? 'order.cancelled' : 'order.partially_cancelled';
  await recordEvent(tx, updated, { type, transition: `cancelled:${payment.imp_uid}:${payment.cancel_amount}` });
  return updated;
}
