import type { OrderRow } from '../db/schema.js';
import { IamportRefused, IamportUnavailable } from '../iamport/errors.js';
import type { IamportPayment } from '../iamport/schemas.js';
import type { MoneyDeps } from './deps.js';
import { saveAfterCommit } from './repository.js';

/**
 * Closes an unpaid virtual account at i'mport, so that a late deposit cannot land: a cancel of a `ready` payment
 * refunds nothing (reference: Cancel). Returns the closed payment, or null when it is no longer open.
 */
export async function closeVirtualAccount(deps: MoneyDeps, impUid: string, reason: string): Promise<IamportPayment | null> {
  const payment = await deps.iamport.getPayment(impUid);
  if (payment?.status !== 'ready') return null;
  return deps.iamport.cancel({ impUid, amount: payment.amount, checksum: payment.amount, reason });
}

/**
 * Another payment paid the order or replaced its virtual account: the old account is closed, or a buyer who deposits
 * into it later would pay twice. A failure only costs that safeguard, so it is logged, never the caller's error.
 */
export async function closeReplacedVbank(deps: MoneyDeps, order: OrderRow, impUid: string): Promise<void> {
  try {
    const closed = await closeVirtualAccount(deps, impUid, '다른 결제로 대체된 가상계좌');
    if (!closed) return;
    await saveAfterCommit(deps.db, order.merchant_uid, closed, 'superseded');
  } catch (error) {
    if (!(error instanceof IamportRefused) && !(error instanceof IamportUnavailable)) throw error;
    deps.log.warn({ imp_uid: impUid, merchant_uid: order.merchant_uid, reason: error.message }, 'replaced virtual account not closed');
  }
}
