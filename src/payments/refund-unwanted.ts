import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { IamportRefused, IamportUnavailable } from '../iamport/errors.js';
import type { IamportPayment } from '../iamport/schemas.js';
import type { Decision } from './decide.js';
import type { MoneyDeps } from './deps.js';
import { saveAfterCommit } from './repository.js';

/** done: cancelled at i'mport · owed: i'mport was down, the sweeper retries · refused: i'mport said no, an operator acts */
export type RefundState = 'done' | 'owed' | 'refused' | 'none';

/**
 * Refunds a forged or duplicate payment. `checksum` makes concurrent attempts safe: only one refund can match the
 * balance. i'mport being down leaves the refund owed (the sweeper retries it); any other refusal (a deposited virtual
 * account needs a refund account we do not know) is marked so that nothing retries it blindly.
 */
export async function refundUnwanted(deps: MoneyDeps, order: OrderRow, payment: IamportPayment, cancel: NonNullable<Decision['cancel']>): Promise<RefundState> {
  try {
    const refunded = await deps.iamport.cancel({ impUid: payment.imp_uid, amount: cancel.amount, checksum: payment.amount - payment.cancel_amount, reason: cancel.reason });
    await saveAfterCommit(deps.db, order.merchant_uid, refunded, cancel.event ? 'duplicate_cancelled' : 'forgery_cancelled', cancel.event);
    return 'done';
  } catch (error) {
    if (error instanceof IamportUnavailable) {
      deps.log.warn({ imp_uid: payment.imp_uid, reason: error.message }, 'automatic refund owed: i\'mport unavailable');
      return 'owed';
    }
    if (!(error instanceof IamportRefused)) throw error;
    // usually a concurrent verification refunded it first (our checksum went stale): then it is done
    const current = await deps.iamport.getPayment(payment.imp_uid).catch(() => null);
    if (current?.status === 'cancelled') return 'done';
    deps.log.error({ imp_uid: payment.imp_uid, reason: error.message }, 'automatic refund refused by i\'mport: needs an operator');
    await markRefused(deps.db, payment.imp_uid);
    return 'refused';
  }
}

async function markRefused(db: Db, impUid: string): Promise<void> {
  await db
    .updateTable('payments')
    .set({ verdict: sql<string>`verdict || '_refund_refused'` })
    .where('imp_uid', '=', impUid)
    .where('verdict', 'in', ['duplicate', 'forgery'])
    .execute();
}

export const refundStateOf = (payment: IamportPayment): RefundState => (payment.status === 'cancelled' ? 'done' : 'none');

/** What became of a payment we refuse, in words the payer can be shown. */
export function refundNote(state: RefundState): string {
  switch (state) {
    case 'done':
      return "it has been cancelled at i'mport";
    case 'owed':
      return "its cancellation at i'mport is owed and will be retried";
    case 'refused':
      return "i'mport refused to cancel it automatically; it is left for an operator to refund";
    case 'none':
      return 'it has not been cancelled';
  }
}
