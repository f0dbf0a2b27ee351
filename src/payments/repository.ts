import { sql } from 'kysely';
import { inTransaction, type Db, type Tx } from '../db/connect.js';
import { recordEvent } from '../events/record.js';
import type { IamportPayment } from '../iamport/schemas.js';
import { lockOrder } from '../orders/repository.js';
import type { PlannedEvent } from './decide.js';

/** One row per imp_uid: the newest i'mport snapshot we read of it, with our verdict. */
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
 * Stores what i'mport answered after our commit (a refund, a closed account), with its event if any. The order row is
 * locked first, as in every money transaction: one lock order everywhere, so no deadlock.
 */
export async function saveAfterCommit(db: Db, merchantUid: string, payment: IamportPayment, verdict: string, event?: PlannedEvent): Promise<void> {
  await inTransaction(db, async (tx) => {
    const order = await lockOrder(tx, merchantUid);
    await savePayment(tx, payment, verdict);
    if (event && order) await recordEvent(tx, order, event);
  });
}
