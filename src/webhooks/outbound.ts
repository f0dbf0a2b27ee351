import { sql } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { request } from 'undici';
import type { Db } from '../db/connect.js';
import { registerRepeatingJob } from '../jobs/repeat.js';
import { signWebhook } from './outbound-signature.js';
import { endpointOf } from './resend.js';

export interface OutboundOptions {
  url: string;
  secret: string;
  /** first retry delay; doubles per attempt up to an hour */
  retryBaseMs?: number;
  pollMs?: number;
}

const MAX_DELAY_MS = 60 * 60_000;
/** With hourly retries after the first doublings, this is a little over 24 hours of trying. */
const MAX_ATTEMPTS = 36;
const LEASE = '60 seconds';

interface Due {
  event_id: string;
  attempts: number;
  type: string;
  merchant_uid: string;
  created_at: Date;
  data: unknown;
}

/** Leases due deliveries (SKIP LOCKED, so instances share the work) by pushing their next attempt past the lease. */
async function leaseDue(db: Db, limit: number): Promise<Due[]> {
  const { rows } = await sql<Due>`
    WITH due AS (
      SELECT event_id FROM event_deliveries
      WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
      ORDER BY event_id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )
    UPDATE event_deliveries d SET attempts = d.attempts + 1, next_attempt_at = now() + ${LEASE}::interval
    FROM due, order_events e
    WHERE d.event_id = due.event_id AND e.id = d.event_id
    RETURNING d.event_id, d.attempts, e.type, e.merchant_uid, e.created_at, e.data`.execute(db);
  return rows;
}

async function post(options: OutboundOptions, due: Due): Promise<{ status?: number; error?: string }> {
  const body = JSON.stringify({ id: due.event_id, type: due.type, merchant_uid: due.merchant_uid, created_at: due.created_at.toISOString(), data: due.data });
  try {
    const response = await request(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signWebhook(options.secret, `evt_${due.event_id}`, body) },
      body,
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    await response.body.dump();
    return { status: response.statusCode };
  } catch (error) {
    return { error: (error as { code?: string }).code ?? 'network error' };
  }
}

async function deliver(db: Db, options: OutboundOptions, due: Due): Promise<boolean> {
  const result = await post(options, due);
  const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
  await db.insertInto('event_delivery_attempts').values({ event_id: due.event_id, status_code: result.status ?? null, error: result.error ?? null }).execute();
  const delay = Math.min((options.retryBaseMs ?? 10_000) * 2 ** (due.attempts - 1), MAX_DELAY_MS);
  const update = ok
    ? { delivered_at: sql`now()` }
    : due.attempts >= MAX_ATTEMPTS
      ? { gave_up_at: sql`now()` }
      : { next_attempt_at: sql`now() + make_interval(secs => ${delay / 1000})` };
  await db.updateTable('event_deliveries').set({ ...update, endpoint: endpointOf(options.url) } as never).where('event_id', '=', due.event_id).execute();
  return ok;
}

/** One pass over due deliveries; returns how many were delivered. */
export async function deliverDueEvents(db: Db, options: OutboundOptions, limit = 50): Promise<number> {
  const due = await leaseDue(db, limit);
  const results = await Promise.all(due.map((item) => deliver(db, options, item)));
  return results.filter(Boolean).length;
}

/** Pushes every order event to EVENT_WEBHOOK_URL at least once, from every instance. */
export function registerOutboundEvents(app: FastifyInstance, db: Db, options: OutboundOptions | undefined): void {
  if (options) registerRepeatingJob(app, 'event delivery', options.pollMs ?? 1000, () => deliverDueEvents(db, options));
}
