import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { OrderEventRow } from '../db/schema.js';

/**
 * Oldest first, after an event id. Only events whose transaction and every earlier one have committed are shown
 * (tx_id below the snapshot's xmin): ids are assigned before commit, so a reader must never pass an id whose
 * transaction might still commit later and would then be skipped.
 */
export async function readEvents(db: Db, after: string, limit: number): Promise<OrderEventRow[]> {
  return db
    .selectFrom('order_events')
    .selectAll()
    .where('id', '>', after)
    .where(sql<boolean>`tx_id < pg_snapshot_xmin(pg_current_snapshot())`)
    .orderBy('id')
    .limit(limit)
    .execute();
}
