import { inTransaction } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { recordEvent } from '../events/record.js';
import { lockOrder, updateOrder } from '../orders/repository.js';
import type { MoneyDeps } from '../payments/deps.js';

/**
 * A virtual account past its due date: close it at i'mport (an unpaid one is closed without a refund), so a late
 * deposit cannot land, then mark the order failed — it stays payable by another method.
 */
export async function expireVirtualAccount(deps: MoneyDeps, order: OrderRow): Promise<boolean> {
  const due = order.vbank?.due_at ? Date.parse(order.vbank.due_at) : NaN;
  if (order.status !== 'awaiting_deposit' || !order.imp_uid || !(due < Date.now())) return false;
  const payment = await deps.iamport.getPayment(order.imp_uid);
  if (payment?.status !== 'ready') return false;
  await deps.iamport.cancel({ impUid: payment.imp_uid, amount: payment.amount, checksum: payment.amount, reason: '입금기한 만료' });
  return inTransaction(deps.db, async (tx) => {
    const locked = await lockOrder(tx, order.merchant_uid);
    if (locked?.status !== 'awaiting_deposit' || locked.imp_uid !== payment.imp_uid) return false;
    const updated = await updateOrder(tx, order.merchant_uid, { status: 'failed', vbank: null });
    await recordEvent(tx, updated, { type: 'order.failed', transition: `expired:${payment.imp_uid}` });
    return true;
  });
}
