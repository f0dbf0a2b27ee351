import { balanceOf, hasMoney, isOpenVbank, isUnverifiable, isValidFor, type OrderRecord, type PaymentRecord, type PaymentRole, type Rules } from './model.js';
import { isNewerVbank, unixToIso, vbankOf } from './snapshot.js';

type Valid = (record: PaymentRecord) => boolean;

/**
 * Derives the order's state and every payment's role from everything known about the order's payments. The accepted
 * payment is sticky (an order keeps its first payment); otherwise money wins over an open account, and of several
 * open accounts the newest wins. A payment whose answer could not be verified takes no part.
 */
export function deriveOrder(order: OrderRecord, all: PaymentRecord[], rules: Rules, now: string): void {
  const records = all.filter((record) => !isUnverifiable(record.snapshot));
  for (const record of all) if (isUnverifiable(record.snapshot)) record.role = 'unverifiable';
  const valid: Valid = (record) => isValidFor(order, record.snapshot, rules);
  const accepted = acceptedPayment(records, valid);
  if (accepted) {
    settleOn(order, accepted, now);
    for (const record of records) if (record !== accepted) record.role = roleBesidePayment(record, valid(record));
    return;
  }
  const current = currentVbank(records, valid);
  for (const record of records) if (record !== current) record.role = roleWhileUnpaid(record, valid(record));
  if (current) awaitDeposit(order, current);
  else settleUnpaid(order, records.filter((record) => valid(record) && record.role === 'failed'));
}

function acceptedPayment(records: PaymentRecord[], valid: Valid): PaymentRecord | undefined {
  const kept = records.find((r) => r.role === 'accepted' && hasMoney(r.snapshot) && valid(r));
  if (kept) return kept;
  const candidates = records.filter((r) => valid(r) && hasMoney(r.snapshot));
  // money still held beats money already refunded, then the first paid
  const held = (r: PaymentRecord) => Number(balanceOf(r.snapshot) > 0);
  return candidates.sort((a, b) => held(b) - held(a) || (a.snapshot.paid_at ?? 0) - (b.snapshot.paid_at ?? 0) || a.seq - b.seq)[0];
}

function settleOn(order: OrderRecord, accepted: PaymentRecord, now: string): void {
  const p = accepted.snapshot;
  const sameCancels = order.source_id === p.source_id && order.cancelled_amount === p.cancel_amount;
  accepted.role = 'accepted';
  Object.assign(order, {
    status: p.cancel_amount <= 0 ? 'paid' : p.cancel_amount >= p.amount ? 'cancelled' : 'partially_cancelled',
    source_id: p.source_id,
    pay_method: p.method,
    pg_provider: p.pg,
    paid_amount: p.amount,
    cancelled_amount: p.cancel_amount,
    vbank: p.method === 'vbank' ? vbankOf(p) : null,
    paid_at: unixToIso(p.paid_at) ?? (order.source_id === p.source_id ? order.paid_at : null) ?? now,
    cancelled_at: p.cancel_amount <= 0 ? null : sameCancels ? order.cancelled_at : (unixToIso(p.cancelled_at) ?? now),
  } satisfies Partial<OrderRecord>);
}

/** A payment beside the accepted one: a second payment is a duplicate; the order's old account was replaced. */
function roleBesidePayment(record: PaymentRecord, valid: boolean): PaymentRole {
  const p = record.snapshot;
  if (!valid) return invalidRole(record);
  if (hasMoney(p)) return 'duplicate';
  if (p.method === 'vbank' && p.status !== 'failed') {
    if (record.role === 'accepted') return 'replaced';
    return record.role === 'replaced' || record.role === 'failed' ? record.role : 'duplicate';
  }
  return p.status === 'failed' ? 'failed' : 'other';
}

/** Of the open accounts never replaced, the newest; the others are replaced for good. */
function currentVbank(records: PaymentRecord[], valid: Valid): PaymentRecord | undefined {
  const open = records.filter((r) => valid(r) && isOpenVbank(r.snapshot) && !r.retired);
  const current = open.reduce<PaymentRecord | undefined>((newest, r) => (!newest || isNewerVbank(r, newest) ? r : newest), undefined);
  for (const record of open) {
    if (record === current) continue;
    record.retired = true;
    record.role = 'replaced';
  }
  return current;
}

function roleWhileUnpaid(record: PaymentRecord, valid: boolean): PaymentRole {
  const p = record.snapshot;
  if (!valid) return invalidRole(record);
  if (p.status === 'failed') return 'failed';
  if (p.method !== 'vbank') return 'other';
  // the order's own account, closed before any deposit (or expired): the attempt failed
  if (record.role === 'accepted') {
    record.retired = true;
    return 'failed';
  }
  return record.role === 'replaced' || record.role === 'failed' || record.role === 'duplicate' ? record.role : 'other';
}

/**
 * A payment not valid for the order is a forgery, unless it failed before it was ever held as one: a forged account
 * stays a forgery once closed (V2 shows a closed account as FAILED, V1 as cancelled).
 */
const invalidRole = (record: PaymentRecord): PaymentRole => (record.snapshot.status === 'failed' && record.role !== 'forgery' ? 'failed' : 'forgery');

function awaitDeposit(order: OrderRecord, current: PaymentRecord): void {
  const p = current.snapshot;
  current.role = 'accepted';
  Object.assign(order, UNPAID, {
    status: 'awaiting_deposit',
    source_id: p.source_id,
    pay_method: p.method ?? 'vbank',
    pg_provider: p.pg,
    vbank: vbankOf(p),
  } satisfies Partial<OrderRecord>);
}

/** The last attempt failed (the order stays payable), or nothing happened yet. */
function settleUnpaid(order: OrderRecord, failures: PaymentRecord[]): void {
  const when = (r: PaymentRecord) => r.snapshot.failed_at || r.snapshot.cancelled_at || r.snapshot.account?.due_at || 0;
  const last = failures.sort((a, b) => when(a) - when(b) || a.seq - b.seq).at(-1);
  Object.assign(order, UNPAID, {
    status: last ? 'failed' : 'pending',
    source_id: last?.source_id ?? null,
    pay_method: last?.snapshot.method ?? null,
    pg_provider: last?.snapshot.pg ?? null,
    vbank: null,
  } satisfies Partial<OrderRecord>);
}

const UNPAID = { paid_amount: 0, cancelled_amount: 0, paid_at: null, cancelled_at: null } satisfies Partial<OrderRecord>;
