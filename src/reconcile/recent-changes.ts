import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { IamportPayment } from '../iamport/schemas.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { lastChangeAt } from '../settlement/snapshot.js';
import { observeAndCarryOut } from '../settlement/verify.js';

const PASS = 'recent_changes';
const PAGE_SIZE = 100;
const MAX_PAGES = 100;
/** i'mport's clock and ours, and a change committed while the previous pass read: look back this much further */
const OVERLAP_S = 10 * 60;
const LEASE = '10 minutes';
/** paid orders are re-checked for this long after their payment */
const PAID_HORIZON = '90 days';

/**
 * Finds what changed at i'mport since the previous pass (a refund made at the console whose webhook was lost, a late
 * deposit, a payment never reported) by walking its payments most-recently-changed first back to where that pass
 * began, and applies each change to its order. A pass costs a few calls per interval whatever the number of paid
 * orders. One instance at a time takes the pass (a lease row), every RECONCILE_PAID_INTERVAL_MS.
 */
export async function recheckRecentChanges(deps: MoneyDeps, intervalMs: number): Promise<{ changed: number; applied: number } | null> {
  const startedAt = Math.floor(Date.now() / 1000);
  const watermark = await claimPass(deps.db, intervalMs, startedAt - Math.ceil(intervalMs / 1000));
  if (watermark === null) return null;
  const { changed, complete } = await changedSince(deps, watermark - OVERLAP_S);
  const ours = await ordersOfOurs(deps.db, [...changed.keys()]);
  for (const merchantUid of ours) await observeAndCarryOut(deps, merchantUid, changed.get(merchantUid)!);
  // an incomplete walk keeps its watermark: the next pass reads the same span again rather than skip any of it
  const next = complete ? startedAt : watermark;
  await sql`UPDATE reconcile_passes SET watermark = ${next}, finished_at = now(), lease_until = now() WHERE name = ${PASS}`.execute(deps.db);
  return { changed: changed.size, applied: ours.length };
}

/** The pass's watermark, when it is due and no other instance holds it; null otherwise. */
async function claimPass(db: Db, intervalMs: number, firstWatermark: number): Promise<number | null> {
  const { rows } = await sql<{ watermark: string }>`
    INSERT INTO reconcile_passes AS p (name, watermark, lease_until) VALUES (${PASS}, ${firstWatermark}, now() + ${LEASE}::interval)
    ON CONFLICT (name) DO UPDATE SET lease_until = now() + ${LEASE}::interval
      WHERE p.lease_until < now() AND (p.finished_at IS NULL OR p.finished_at <= now() - make_interval(secs => ${intervalMs / 1000}))
    RETURNING watermark`.execute(db);
  return rows[0] ? Number(rows[0].watermark) : null;
}

async function changedSince(deps: MoneyDeps, since: number): Promise<{ changed: Map<string, IamportPayment[]>; complete: boolean }> {
  const changed = new Map<string, IamportPayment[]>();
  for (let page = 1; page <= MAX_PAGES; page += 1) {
    const { payments, next } = await deps.iamport.listRecentlyChanged(page, PAGE_SIZE);
    const recent = payments.filter((payment) => lastChangeAt(payment) >= since);
    for (const payment of recent) changed.set(payment.merchant_uid, [...(changed.get(payment.merchant_uid) ?? []), payment]);
    if (!next || recent.length < payments.length) return { changed, complete: true };
  }
  deps.log.warn({ pages: MAX_PAGES }, "more payments changed at i'mport than one pass reads; the next pass reads the same span again");
  return { changed, complete: false };
}

async function ordersOfOurs(db: Db, merchantUids: string[]): Promise<string[]> {
  if (merchantUids.length === 0) return [];
  const rows = await db
    .selectFrom('orders')
    .select('merchant_uid')
    .where('merchant_uid', 'in', merchantUids)
    .where((eb) => eb.or([eb('paid_at', 'is', null), eb('paid_at', '>', sql<Date>`now() - ${PAID_HORIZON}::interval`)]))
    .execute();
  return rows.map((row) => row.merchant_uid);
}
