import { isUnverifiable, type Snapshot, type Vbank } from './model.js';

const RANK: Record<Snapshot['status'], number> = { ready: 0, failed: 1, paid: 2, cancelled: 3 };

/**
 * Whether `next` may replace `stored`: a payment only moves forward (ready → failed → paid → cancelled; failed → paid
 * happens for some PGs) and its refunds only grow, so a snapshot read before the stored one never undoes it. A cancel
 * the PSP carries out later (requested) keeps the balance until it succeeds: its outcome is news too.
 */
export function isNotOlder(next: Snapshot, stored: Snapshot): boolean {
  if (next.cancel_amount !== stored.cancel_amount) return next.cancel_amount > stored.cancel_amount;
  if (RANK[next.status] !== RANK[stored.status]) return RANK[next.status] > RANK[stored.status];
  return settledCancels(next) >= settledCancels(stored);
}

const settledCancels = (p: Snapshot) => p.cancels.filter((cancel) => cancel.status !== 'requested').length;

/**
 * Whether a newly read snapshot replaces the one held: a verifiable answer always replaces an unverifiable one, never
 * the reverse (what was verified stays the truth), and otherwise only a change that is not older.
 */
export function replaces(next: Snapshot, stored: Snapshot): boolean {
  if (sameJson(next, stored)) return false;
  if (isUnverifiable(next) || isUnverifiable(stored)) return isUnverifiable(stored);
  return isNotOlder(next, stored);
}

export const unixToIso = (seconds: number | undefined): string | null => (seconds ? new Date(seconds * 1000).toISOString() : null);

export function vbankOf(p: Snapshot): Vbank {
  return {
    num: p.account?.number ?? '',
    bank_name: p.account?.bank ?? '',
    holder: p.account?.holder ?? null,
    due_at: unixToIso(p.account?.due_at),
  };
}

/** When the PSP last changed the payment, as far as its status and cancel times tell. */
export function lastChangeAt(p: Snapshot): number {
  return Math.max(p.started_at, p.paid_at, p.failed_at, p.cancelled_at, ...p.cancels.map((cancel) => cancel.at));
}

/** The newer of two virtual accounts: the PSP's issue time, then the order the service saw them in. */
export function isNewerVbank(a: { seq: number; snapshot: Snapshot }, b: { seq: number; snapshot: Snapshot }): boolean {
  const issuedA = a.snapshot.account?.issued_at ?? 0;
  const issuedB = b.snapshot.account?.issued_at ?? 0;
  return issuedA !== issuedB ? issuedA > issuedB : a.seq > b.seq;
}

/** Equal as JSON: key order and keys holding undefined do not matter (jsonb reorders keys and drops undefined). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = (value: object) => Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined);
  const [left, right] = [keys(a), keys(b)];
  return left.length === right.length && left.every((key) => sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
