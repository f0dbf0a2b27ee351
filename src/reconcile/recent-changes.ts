import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { IamportRefused } from '../iamport/errors.js';
import type { IamportPayment } from '../iamport/schemas.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { lastChangeAt, sameJson } from '../settlement/snapshot.js';
import { observeAndCarryOut } from '../settlement/verify.js';

const PASS = 'recent_changes';
/** i'mport's largest page of a status list (reference: limit, at most 1000) */
const PAGE_SIZE = 1000;
/** a pass reads at most this many pages; a longer walk continues on the next pass */
const MAX_PAGES = 20;
/** i'mport's clock and ours, and a change committed while the previous pass read: look back this much further */
const OVERLAP_S = 10 * 60;
const LEASE = '10 minutes';
/** paid orders are re-checked for this long after their payment */
const PAID_HORIZON = '90 days';
const DAY_S = 86_400;
/**
 * A status list spans at most 90 days of status times (reference: from/to). A walk pins its lower bound so that no
 * payment leaves the list while it is read (a removal would shift later payments onto pages already read), and so
 * may run for the day this leaves; one that takes longer starts again.
 */
const LIST_SPAN_S = 89 * DAY_S;

export interface WalkLimits {
  pageSize: number;
  maxPages: number;
}

/** Where a walk stands: it reads every payment changed since `since`, from `page` on; it began at `startedAt`. */
interface Walk {
  since: number;
  startedAt: number;
  page: number;
}

/**
 * Finds what changed at i'mport since the previous complete walk (a refund made at the console whose webhook was lost,
 * a late deposit, a payment never reported) by reading its payments most-recently-changed first, and applies every
 * payment read to its order, if the order is ours. A walk ends only at a page whose payments are all older than where
 * the previous walk began, less an overlap: i'mport's `updated` order follows every modification (a cash receipt),
 * so one payment's own times say nothing of the next one's. A walk longer than one pass continues on the next, so
 * every change is read however many there are; a pass costs calls in proportion to what changed. One instance at a
 * time holds the pass (a lease row); a walk in progress is due at once, a finished one after RECONCILE_PAID_INTERVAL_MS.
 */
export async function recheckRecentChanges(
  deps: MoneyDeps,
  intervalMs: number,
  limits: WalkLimits = { pageSize: PAGE_SIZE, maxPages: MAX_PAGES },
): Promise<{ pages: number; applied: number; complete: boolean } | null> {
  const now = Math.floor(Date.now() / 1000);
  const walk = await claimPass(deps.db, intervalMs, now);
  if (!walk) return null;
  const result = await readPages(deps, walk, limits);
  await finishPass(deps.db, walk, result.nextPage);
  return { pages: result.pages, applied: result.applied, complete: result.nextPage === null };
}

/** The walk to carry on, when the pass is due and no other instance holds it; null otherwise. */
async function claimPass(db: Db, intervalMs: number, now: number): Promise<Walk | null> {
  const { rows } = await sql<{ watermark: string; walk_since: string | null; walk_started_at: string | null; walk_page: number | null }>`
    INSERT INTO reconcile_passes AS p (name, watermark, lease_until)
    VALUES (${PASS}, ${now - Math.ceil(intervalMs / 1000)}, now() + ${LEASE}::interval)
    ON CONFLICT (name) DO UPDATE SET lease_until = now() + ${LEASE}::interval
      WHERE p.lease_until < now()
        AND (p.walk_page IS NOT NULL OR p.finished_at IS NULL OR p.finished_at <= now() - make_interval(secs => ${intervalMs / 1000}))
    RETURNING watermark, walk_since, walk_started_at, walk_page`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const started = row.walk_started_at === null ? null : Number(row.walk_started_at);
  if (started === null || now - started > DAY_S) return { since: Number(row.walk_since ?? row.watermark), startedAt: now, page: 1 };
  return { since: Number(row.walk_since), startedAt: started, page: row.walk_page! };
}

/** A finished walk moves the watermark to where it began; an unfinished one records where to go on. */
async function finishPass(db: Db, walk: Walk, nextPage: number | null): Promise<void> {
  const done = nextPage === null;
  await sql`
    UPDATE reconcile_passes SET
      watermark = CASE WHEN ${done} THEN ${walk.startedAt}::bigint ELSE watermark END,
      walk_since = ${done ? null : walk.since}::bigint, walk_started_at = ${done ? null : walk.startedAt}::bigint,
      walk_page = ${nextPage}::integer, finished_at = now(), lease_until = now()
    WHERE name = ${PASS}`.execute(db);
}

async function readPages(deps: MoneyDeps, walk: Walk, limits: WalkLimits): Promise<{ pages: number; applied: number; nextPage: number | null }> {
  const from = walk.startedAt - LIST_SPAN_S;
  let applied = 0;
  for (let page = walk.page, read = 0; read < limits.maxPages; page += 1, read += 1) {
    const listed = await listPage(deps, { page, limit: limits.pageSize, from });
    applied += await applyToOrders(deps, listed.payments);
    const older = listed.payments.every((payment) => lastChangeAt(payment) < walk.since - OVERLAP_S);
    if (!listed.next || older) return { pages: read + 1, applied, nextPage: null };
  }
  deps.log.info({ pages: limits.maxPages }, "more payments changed at i'mport than one pass reads; the next pass goes on from here");
  return { pages: limits.maxPages, applied, nextPage: walk.page + limits.maxPages };
}

/** A page, or the end: i'mport refuses a page past the end of the list. */
async function listPage(deps: MoneyDeps, query: { page: number; limit: number; from: number }): Promise<{ payments: IamportPayment[]; next: number }> {
  try {
    return await deps.iamport.listRecentlyChanged(query);
  } catch (error) {
    if (error instanceof IamportRefused && query.page > 1) return { payments: [], next: 0 };
    throw error;
  }
}

/**
 * Applies each payment read that differs from what is held to its order, when the order is ours and still re-checked;
 * returns how many orders.
 */
async function applyToOrders(deps: MoneyDeps, payments: IamportPayment[]): Promise<number> {
  const byOrder = new Map<string, IamportPayment[]>();
  for (const payment of await notAsHeld(deps.db, payments)) byOrder.set(payment.merchant_uid, [...(byOrder.get(payment.merchant_uid) ?? []), payment]);
  const ours = await ordersOfOurs(deps.db, [...byOrder.keys()]);
  for (const merchantUid of ours) await observeAndCarryOut(deps, merchantUid, byOrder.get(merchantUid)!);
  return ours.length;
}

async function notAsHeld(db: Db, payments: IamportPayment[]): Promise<IamportPayment[]> {
  if (payments.length === 0) return [];
  const rows = await db.selectFrom('payments').select(['imp_uid', 'snapshot']).where('imp_uid', 'in', payments.map((p) => p.imp_uid)).execute();
  const held = new Map(rows.map((row) => [row.imp_uid, row.snapshot]));
  return payments.filter((payment) => !sameJson(held.get(payment.imp_uid), payment));
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
