import { sql, type RawBuilder } from 'kysely';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../db/connect.js';
import { registerRepeatingJob } from './repeat.js';

const EVERY_MS = 15 * 60_000;
const BATCH_ROWS = 1000;
/** a run stops here and the next run goes on, so a first clean-up of a large backlog never holds a connection long */
const BATCHES_PER_RUN = 50;

/** Each audit table with the moment a row stops being news; order_events is the event feed and is never pruned. */
interface AuditTable {
  table: string;
  key: string;
  age: RawBuilder<unknown>;
}

const AUDIT_TABLES: AuditTable[] = [
  { table: 'webhook_receipts', key: 'id', age: sql`received_at` },
  { table: 'event_delivery_attempts', key: 'id', age: sql`attempted_at` },
  // a delivery never tried (EVENT_WEBHOOK_URL removed since it was queued) ages from when it was queued
  { table: 'event_deliveries', key: 'event_id', age: sql`coalesce(delivered_at, gave_up_at, next_attempt_at)` },
];

/**
 * Deletes one batch of one table's rows older than the retention. SKIP LOCKED lets every instance run this at once:
 * each takes rows no other is deleting, and none waits on another.
 */
async function pruneBatch(db: Db, { table, key, age }: AuditTable, retentionDays: number, batchRows: number): Promise<number> {
  const result = await sql`
    DELETE FROM ${sql.table(table)} WHERE ${sql.ref(key)} IN (
      SELECT ${sql.ref(key)} FROM ${sql.table(table)} WHERE ${age} < now() - make_interval(days => ${retentionDays})
      LIMIT ${batchRows} FOR UPDATE SKIP LOCKED
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** Deletes audit rows older than the retention, in bounded batches; returns how many. */
export async function pruneAuditRecords(db: Db, retentionDays: number, batchRows = BATCH_ROWS): Promise<number> {
  let deleted = 0;
  for (const table of AUDIT_TABLES) {
    for (let batch = 0; batch < BATCHES_PER_RUN; batch += 1) {
      const count = await pruneBatch(db, table, retentionDays, batchRows);
      deleted += count;
      if (count < batchRows) break;
    }
  }
  return deleted;
}

export function registerAuditRetention(app: FastifyInstance, db: Db, retentionDays: number): void {
  registerRepeatingJob(app, 'audit retention', EVERY_MS, () => pruneAuditRecords(db, retentionDays));
}
