import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

export interface ClaimedOrder {
  merchant_uid: string;
  status: string;
}

/** Abandoned pending orders are still swept for a week; after that a payment for them would be news to no one. */
const PENDING_HORIZON = '7 days';
/** A failed order can still be paid (a retry, or a PG that moves failed → paid) for a day. */
const FAILED_HORIZON = '1 day';

/**
 * Claims the least-recently-checked unfinished orders whose last change is at least `minAgeMs` old, stamping
 * `checked_at` in the same statement. SKIP LOCKED lets any number of instances sweep at once without ever taking
 * the same order, and the stamp sends a checked order to the back of the queue, so a backlog never starves new ones.
 */
export async function claimOrdersToSweep(db: Db, minAgeMs: number, batchSize: number): Promise<ClaimedOrder[]> {
  const minAge = sql`make_interval(secs => ${minAgeMs / 1000})`;
  const { rows } = await sql<ClaimedOrder>`
    UPDATE orders SET checked_at = now()
    WHERE merchant_uid IN (
      SELECT merchant_uid FROM orders
      WHERE (status IN ('pending', 'awaiting_deposit', 'failed') OR NOT amount_registered)
        AND updated_at <= now() - ${minAge}
        AND (checked_at IS NULL OR checked_at <= now() - ${minAge})
        AND (status <> 'pending' OR created_at > now() - ${PENDING_HORIZON}::interval)
        AND (status <> 'failed' OR updated_at > now() - ${FAILED_HORIZON}::interval)
      ORDER BY checked_at ASC NULLS FIRST, updated_at ASC
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING merchant_uid, status`.execute(db);
  return rows;
}

/** A payment i'mport answered unverifiably is asked about again on every pass for this long, then left to a person. */
const UNVERIFIABLE_HORIZON = '7 days';

/**
 * Claims orders holding a payment whose answer could not be verified, whatever the order's status, stamping
 * `checked_at` as the sweep's claim does; the partial index on such payments keeps it cheap.
 */
export async function claimOrdersWithUnverifiable(db: Db, minAgeMs: number, batchSize: number): Promise<ClaimedOrder[]> {
  const minAge = sql`make_interval(secs => ${minAgeMs / 1000})`;
  const { rows } = await sql<ClaimedOrder>`
    UPDATE orders SET checked_at = now()
    WHERE merchant_uid IN (
      SELECT o.merchant_uid FROM orders o
      WHERE o.merchant_uid IN (
          SELECT p.merchant_uid FROM payments p
          WHERE p.role = 'unverifiable' AND p.updated_at > now() - ${UNVERIFIABLE_HORIZON}::interval)
        AND (o.checked_at IS NULL OR o.checked_at <= now() - ${minAge})
      ORDER BY o.checked_at ASC NULLS FIRST
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING merchant_uid, status`.execute(db);
  return rows;
}
