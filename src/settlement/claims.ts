import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { LEASE_MS } from './intents.js';
import type { RefundRecord } from './model.js';

export interface DueRefund {
  merchant_uid: string;
  refund: RefundRecord;
}

/**
 * Leases pending refunds whose time has come (their first attempt's lease ran out, or their backoff did): SKIP LOCKED
 * lets every instance sweep at once without taking the same refund, and the lease keeps the next pass off it.
 */
export async function claimDueRefunds(db: Db, batchSize: number): Promise<DueRefund[]> {
  const { rows } = await sql<{ merchant_uid: string; refund: RefundRecord }>`
    UPDATE refunds SET next_attempt_at = now() + make_interval(secs => ${LEASE_MS / 1000})
    WHERE id IN (
      SELECT id FROM refunds WHERE state = 'pending' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
    )
    RETURNING merchant_uid, to_jsonb(refunds) - 'merchant_uid' - 'updated_at' AS refund`.execute(db);
  return rows;
}
