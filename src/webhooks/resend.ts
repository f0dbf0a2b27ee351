import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** An event receiver as shown to operators and grouped by: EVENT_WEBHOOK_URL without credentials, query or fragment. */
export function endpointOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

export interface Resent {
  event_id: string;
  merchant_uid: string;
}

/**
 * Pushes one event again now, with a fresh retry budget, whatever became of its delivery (failing, given up, delivered,
 * or pruned by the audit retention). The outbox job sends it on its next poll. Null for an unknown event.
 */
export async function resendEvent(db: Db, eventId: string): Promise<Resent | null> {
  const { rows } = await sql<Resent>`
    WITH event AS (SELECT id, merchant_uid FROM order_events WHERE id = ${eventId}::bigint),
    queued AS (
      INSERT INTO event_deliveries (event_id) SELECT id FROM event
      ON CONFLICT (event_id) DO UPDATE SET attempts = 0, next_attempt_at = now(), delivered_at = NULL, gave_up_at = NULL
      RETURNING event_id
    )
    SELECT queued.event_id::text AS event_id, event.merchant_uid FROM queued JOIN event ON event.id = queued.event_id`.execute(db);
  return rows[0] ?? null;
}

/**
 * Pushes again, now and with a fresh retry budget, every failing or given-up event last sent to `endpoint` ('' for those
 * whose endpoint was not recorded, before 0014).
 */
export async function resendFailing(db: Db, endpoint: string): Promise<Resent[]> {
  const { rows } = await sql<Resent>`
    UPDATE event_deliveries d SET attempts = 0, next_attempt_at = now(), gave_up_at = NULL
    FROM order_events e
    WHERE e.id = d.event_id AND d.delivered_at IS NULL AND d.endpoint = ${endpoint}
    RETURNING d.event_id::text AS event_id, e.merchant_uid`.execute(db);
  return rows;
}
