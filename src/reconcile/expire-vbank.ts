import { inTransaction } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { recordEvent } from '../events/record.js';
import { lockOrder, updateOrder } from '../orders/repository.js';
import { closeVirtualAccount } from '../payments/close-vbank.js';
import type { MoneyDeps } from '../payments/deps.js';
import { savePayment } from '../payments/repository.js';

/**
 * A virtual account past its due date: close it at i'mport (an unpaid one is closed without a refund), so a late
 * deposit cannot land, then mark the order failed — it stays payable by another method.
 */
export async function expireVirtualAccount(deps: MoneyDeps, order: OrderRow): Promise<boolean> {
  const due = order.vbank?.due_at ? Date.parse(order.vbank.due_at) : NaN;
  if (order.status !== 'awaiting_deposit' || !order.imp_uid || !(due < Date.now())) return false;
  const closed = await closeVirtualAccount(deps, order.imp_uid, '입금기한 만료');
  if (!closed) return false;
  return inTransaction(deps.db, async (tx) => {
    const locked = await lockOrder(tx, order.merchant_uid);
    if (locked?.status !== 'awaiting_deposit' || locked.imp_uid !== closed.imp_uid) return false;
    const updated = await updateOrder(tx, order.merchant_uid, { status: 'failed', vbank: null });
    await savePayment(tx, closed, 'failed');
    await recordEvent(tx, updated, { type: 'order.failed', transition: `expired:${closed.imp_uid}` });
    return true;
  });
}
