import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { MoneyDeps } from '../settlement/deps.js';
import type { PaymentFact, Provider } from '../settlement/model.js';
import type { PaymentProvider } from '../settlement/provider.js';
import { sameJson } from '../settlement/snapshot.js';
import { observeAndCarryOut } from '../settlement/verify.js';

/** the largest page both PSP APIs serve (i'mport's status list and PortOne's lists take up to 1000) */
const PAGE_SIZE = 1000;
/** a pass reads at most this many pages; a longer walk continues on the next pass */
const MAX_PAGES = 20;
/** the PSP's clock and ours, and a change committed while the previous pass read: look back this much further */
const OVERLAP_S = 10 * 60;
const LEASE = '10 minutes';
/** paid orders are re-checked for this long after their payment */
const PAID_HORIZON = '90 days';
/** a walk pins its listing's bounds when it starts, within what the PSP allows (provider.ts); a longer one starts again */
const WALK_LIFETIME_S = 86_400;

export interface WalkLimits {
  pageSize: number;
  maxPages: number;
}

/** Where a walk stands: it reads every payment changed since `since`, from `cursor` on; it began at `startedAt`. */
interface Walk {
  since: number;
  startedAt: number;
  cursor: unknown;
}

/** Each PSP's walk keeps its own watermark. */
export const passOf = (provider: Provider): string => `recent_changes:${provider}`;

/**
 * Finds what changed at each configured PSP since its previous complete walk (a refund made at the console whose
 * webhook was lost, a late deposit, a payment never reported) by reading its list of changed payments page by page
 * (each PSP's adapter knows its list and where a walk ends: provider.ts), and applies every payment read that differs
 * from what is held to its order, if the order is ours. A walk longer than one pass continues on the next, so every
 * change is read however many there are; a pass costs calls in proportion to what changed. One instance at a time
 * holds a PSP's pass (a lease row); a walk in progress is due at once, a finished one after RECONCILE_PAID_INTERVAL_MS.
 */
export async function recheckRecentChanges(deps: MoneyDeps, intervalMs: number, limits?: WalkLimits): Promise<Array<WalkResult | null>> {
  const results: Array<WalkResult | null> = [];
  for (const provider of deps.providers.configured()) results.push(await recheckAt(deps, provider, intervalMs, limits));
  return results;
}

export interface WalkResult {
  provider: Provider;
  pages: number;
  applied: number;
  complete: boolean;
}

/** One pass of one PSP's walk; null when it is not due or another instance holds it. */
export async function recheckAt(
  deps: MoneyDeps,
  provider: PaymentProvider,
  intervalMs: number,
  limits: WalkLimits = { pageSize: PAGE_SIZE, maxPages: MAX_PAGES },
): Promise<WalkResult | null> {
  const pass = passOf(provider.name);
  const now = Math.floor(Date.now() / 1000);
  const walk = await claimPass(deps.db, pass, intervalMs, now);
  if (!walk) return null;
  const result = await readPages(deps, provider, walk, limits);
  await finishPass(deps.db, pass, walk, result.next);
  return { provider: provider.name, pages: result.pages, applied: result.applied, complete: result.next === null };
}

/** The walk to carry on, when the pass is due and no other instance holds it; null otherwise. */
async function claimPass(db: Db, pass: string, intervalMs: number, now: number): Promise<Walk | null> {
  const { rows } = await sql<{ watermark: string; walk_since: string | null; walk_started_at: string | null; walk_cursor: unknown }>`
    INSERT INTO reconcile_passes AS p (name, watermark, lease_until)
    VALUES (${pass}, ${now - Math.ceil(intervalMs / 1000)}, now() + ${LEASE}::interval)
    ON CONFLICT (name) DO UPDATE SET lease_until = now() + ${LEASE}::interval
      WHERE p.lease_until < now()
        AND (p.walk_since IS NOT NULL OR p.finished_at IS NULL OR p.finished_at <= now() - make_interval(secs => ${intervalMs / 1000}))
    RETURNING watermark, walk_since, walk_started_at, walk_cursor`.execute(db);
  const row = rows[0];
  if (!row) return null;
  const started = row.walk_started_at === null ? null : Number(row.walk_started_at);
  if (started === null || now - started > WALK_LIFETIME_S) return { since: Number(row.walk_since ?? row.watermark), startedAt: now, cursor: null };
  return { since: Number(row.walk_since), startedAt: started, cursor: row.walk_cursor };
}

/** A finished walk moves the watermark to where it began; an unfinished one records where to go on. */
async function finishPass(db: Db, pass: string, walk: Walk, next: unknown): Promise<void> {
  const done = next === null;
  await sql`
    UPDATE reconcile_passes SET
      watermark = CASE WHEN ${done} THEN ${walk.startedAt}::bigint ELSE watermark END,
      walk_since = ${done ? null : walk.since}::bigint, walk_started_at = ${done ? null : walk.startedAt}::bigint,
      walk_cursor = ${done ? null : JSON.stringify(next)}::jsonb, finished_at = now(), lease_until = now()
    WHERE name = ${pass}`.execute(db);
}

async function readPages(deps: MoneyDeps, provider: PaymentProvider, walk: Walk, limits: WalkLimits): Promise<{ pages: number; applied: number; next: unknown }> {
  let applied = 0;
  let cursor = walk.cursor;
  for (let read = 1; read <= limits.maxPages; read += 1) {
    const listed = await provider.changes.page({ since: walk.since - OVERLAP_S, startedAt: walk.startedAt, cursor, pageSize: limits.pageSize });
    applied += await applyToOrders(deps, listed.facts);
    if (listed.next === null) return { pages: read, applied, next: null };
    cursor = listed.next;
  }
  deps.log.info({ provider: provider.name, pages: limits.maxPages }, 'more payments changed at the PSP than one pass reads; the next pass goes on from here');
  return { pages: limits.maxPages, applied, next: cursor };
}

/**
 * Applies each payment read that differs from what is held to its order, when the order is ours and still re-checked;
 * returns how many orders.
 */
async function applyToOrders(deps: MoneyDeps, facts: PaymentFact[]): Promise<number> {
  const byOrder = new Map<string, PaymentFact[]>();
  for (const fact of await notAsHeld(deps.db, facts)) byOrder.set(fact.order_id, [...(byOrder.get(fact.order_id) ?? []), fact]);
  const ours = await ordersOfOurs(deps.db, [...byOrder.keys()]);
  for (const merchantUid of ours) await observeAndCarryOut(deps, merchantUid, byOrder.get(merchantUid)!);
  return ours.length;
}

async function notAsHeld(db: Db, facts: PaymentFact[]): Promise<PaymentFact[]> {
  if (facts.length === 0) return [];
  const rows = await db.selectFrom('payments').select(['source_id', 'snapshot']).where('source_id', 'in', facts.map((p) => p.source_id)).execute();
  const held = new Map(rows.map((row) => [row.source_id, row.snapshot]));
  return facts.filter((fact) => !sameJson(held.get(fact.source_id), fact));
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
