import type pg from 'pg';
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { RefundRecord, SettlementState } from '../settlement/model.js';
import { readState } from '../settlement/store.js';
import { toOrderView, toPaymentView, toRefundView } from '../settlement/views.js';
import { actionsOfOrder } from '../operators/actions.js';
import { receiptsOfOrder } from './receipts.js';
import type { TimelineEntry, timelineSchema } from './schemas.js';

const WEBHOOKS_SHOWN = 100;

/** Links are shown only when they are http(s): i'mport's answer is data, and a javascript: URL must never be a link. */
const httpLink = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

const iso = (value: Date | string) => new Date(value).toISOString();

// i'mport's cancel_history entries, read loosely: one odd entry must not hide the rest
const cancelSchema = z.looseObject({
  amount: z.number().catch(0),
  cancelled_at: z.number().catch(0),
  reason: z.string().nullable().catch(null),
  receipt_url: z.string().nullable().catch(null),
});

/**
 * i'mport's clock counts whole seconds, ours milliseconds: a cancel i'mport stamped in the same second as the refund
 * row that asked for it would sort before its cause. It is placed no earlier than that refund.
 */
function cancelAt(state: SettlementState, impUid: string, amount: number, seconds: number): string {
  const cause = state.refunds.find((r) => r.imp_uid === impUid && r.kind === 'cancel' && r.amount === amount && Date.parse(r.created_at) < (seconds + 1) * 1000);
  const stamped = new Date(seconds * 1000).toISOString();
  return cause && cause.created_at > stamped ? cause.created_at : stamped;
}

/** The payment row and the refund rows it caused commit together, stamped by two clocks: the earliest stands. */
const causedBy = (state: SettlementState, impUid: string) => state.refunds.filter((r) => r.imp_uid === impUid).map((r) => r.created_at);

/** Each payment when the service first heard of it (i'mport's own times are in the payment), then each cancel i'mport lists. */
function paymentEntries(state: SettlementState, firstSeen: Map<string, string>): TimelineEntry[] {
  return state.payments.flatMap((record) => {
    const p = record.snapshot;
    const payment = { ...toPaymentView(state.order.merchant_uid, record, state.refunds), receipt_url: httpLink(p.receipt_url) };
    const at = [firstSeen.get(record.imp_uid) ?? state.order.updated_at, ...causedBy(state, record.imp_uid)].sort()[0]!;
    const cancels = (p.cancel_history ?? []).flatMap((raw) => {
      const parsed = cancelSchema.safeParse(raw);
      if (!parsed.success) return [];
      const { amount, cancelled_at, reason, receipt_url } = parsed.data;
      const seconds = cancelled_at || p.cancelled_at;
      const when = seconds ? cancelAt(state, record.imp_uid, amount, seconds) : at;
      return [{ kind: 'iamport_cancel' as const, at: when, imp_uid: record.imp_uid, amount, reason, receipt_url: httpLink(receipt_url) }];
    });
    return [{ kind: 'payment' as const, at, payment }, ...cancels];
  });
}

const refundEntry = (merchantUid: string, refund: RefundRecord): TimelineEntry => ({
  kind: 'refund',
  at: refund.created_at,
  refund: { ...toRefundView(merchantUid, refund), note: refund.note },
});

/** Entries at the same instant read in the order things happen. */
const RANK: Record<TimelineEntry['kind'], number> = { created: 0, operator: 1, payment: 2, webhook: 3, refund: 4, iamport_cancel: 5, event: 6 };

/**
 * Won i'mport holds for the order that wait for a person: what refunds i'mport refused would return, and what a payment
 * that is not the order's still holds with no refund carrying it out.
 */
function moneyHeld(state: SettlementState): number {
  const refused = state.refunds.filter((r) => r.kind === 'cancel' && r.state === 'needs_operator');
  const unowned = state.payments.filter((record) => {
    const { status, amount, cancel_amount } = record.snapshot;
    const open = state.refunds.some((r) => r.imp_uid === record.imp_uid && r.kind === 'cancel' && (r.state === 'pending' || r.state === 'needs_operator'));
    return record.role !== 'accepted' && status === 'paid' && amount > cancel_amount && !open;
  });
  return refused.reduce((sum, r) => sum + r.amount, 0) + unowned.reduce((sum, p) => sum + p.snapshot.amount - p.snapshot.cancel_amount, 0);
}

/**
 * Everything that happened to one order, oldest first: its creation, each payment i'mport reported and each cancel it
 * lists, each webhook delivery naming the order or its payments, each refund the service owed or made, each event with
 * its payload, and what operators did to it (syncs, resends, retries) with who did it.
 */
export async function readTimeline(db: Db, pool: pg.Pool, merchantUid: string): Promise<z.infer<typeof timelineSchema> | null> {
  const state = await readState(pool, merchantUid);
  if (!state) return null;
  const impUids = state.payments.map((p) => p.imp_uid);
  const [seen, events, receipts, actions] = await Promise.all([
    db.selectFrom('payments').select(['imp_uid', 'created_at']).where('merchant_uid', '=', merchantUid).execute(),
    db.selectFrom('order_events').select(['id', 'type', 'created_at', 'data']).where('merchant_uid', '=', merchantUid).orderBy('id').execute(),
    receiptsOfOrder(db, merchantUid, impUids, WEBHOOKS_SHOWN),
    actionsOfOrder(db, merchantUid),
  ]);
  const order = toOrderView(state.order);
  const items: TimelineEntry[] = [
    { kind: 'created', at: order.created_at, amount: order.amount, name: order.name },
    ...paymentEntries(state, new Map(seen.map((row) => [row.imp_uid, iso(row.created_at)]))),
    ...receipts.rows.map((receipt) => ({ kind: 'webhook' as const, at: receipt.received_at, receipt })),
    ...state.refunds.map((refund) => refundEntry(merchantUid, refund)),
    ...events.map((event) => ({ kind: 'event' as const, at: iso(event.created_at), id: String(event.id), type: event.type, data: event.data })),
    ...actions.map(({ id: _id, ...action }) => ({ kind: 'operator' as const, ...action })),
  ];
  items.sort((a, b) => a.at.localeCompare(b.at) || RANK[a.kind] - RANK[b.kind]);
  return { order, items, webhooks_omitted: receipts.total - receipts.rows.length, money_held: moneyHeld(state) };
}
