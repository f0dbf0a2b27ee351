import type pg from 'pg';
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { RefundRecord, SettlementState } from '../settlement/model.js';
import { readState } from '../settlement/store.js';
import { toOrderView, toPaymentView, toRefundView } from '../views/orders.js';
import { actionsOfOrder } from '../operators/actions.js';
import { receiptsOfOrder } from './receipts.js';
import type { TimelineEntry, timelineSchema } from './schemas.js';

const WEBHOOKS_SHOWN = 100;

/** Links are shown only when they are http(s): i'mport's answer is data, and a javascript: URL must never be a link. */
const httpLink = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

const iso = (value: Date | string) => new Date(value).toISOString();

/**
 * A PSP's clock counts whole seconds, ours milliseconds: a cancel the PSP stamped in the same second as the refund row
 * that asked for it would sort before its cause. It is placed no earlier than that refund.
 */
function cancelAt(state: SettlementState, sourceId: string, amount: number, seconds: number): string {
  const cause = state.refunds.find((r) => r.source_id === sourceId && r.kind === 'cancel' && r.amount === amount && Date.parse(r.created_at) < (seconds + 1) * 1000);
  const stamped = new Date(seconds * 1000).toISOString();
  return cause && cause.created_at > stamped ? cause.created_at : stamped;
}

/** The payment row and the refund rows it caused commit together, stamped by two clocks: the earliest stands. */
const causedBy = (state: SettlementState, sourceId: string) => state.refunds.filter((r) => r.source_id === sourceId).map((r) => r.created_at);

/** Each payment when the service first heard of it (the PSP's own times are in the payment), then each cancel it lists. */
function paymentEntries(state: SettlementState, firstSeen: Map<string, string>): TimelineEntry[] {
  return state.payments.flatMap((record) => {
    const p = record.snapshot;
    const payment = { ...toPaymentView(state.order.merchant_uid, record, state.refunds), receipt_url: httpLink(p.receipt_url) };
    const at = [firstSeen.get(record.source_id) ?? state.order.updated_at, ...causedBy(state, record.source_id)].sort()[0]!;
    const cancels = p.cancels.map((cancel) => {
      const seconds = cancel.at || p.cancelled_at;
      const when = seconds ? cancelAt(state, record.source_id, cancel.amount, seconds) : at;
      const { amount, reason, status } = cancel;
      return { kind: 'psp_cancel' as const, at: when, provider: p.provider, source_id: record.source_id, amount, reason, status, receipt_url: httpLink(cancel.receipt_url) };
    });
    return [{ kind: 'payment' as const, at, payment }, ...cancels];
  });
}

const refundEntry = (state: SettlementState, refund: RefundRecord): TimelineEntry => ({
  kind: 'refund',
  at: refund.created_at,
  refund: { ...toRefundView(state.order.merchant_uid, refund, providerOf(state, refund)), note: refund.note },
});

/** The PSP of the payment a refund is for. */
const providerOf = (state: SettlementState, refund: RefundRecord) =>
  state.payments.find((record) => record.source_id === refund.source_id)?.snapshot.provider ?? state.order.provider;

/** Entries at the same instant read in the order things happen. */
const RANK: Record<TimelineEntry['kind'], number> = { created: 0, operator: 1, payment: 2, webhook: 3, refund: 4, psp_cancel: 5, event: 6 };

/**
 * Won the PSP holds for the order that wait for a person: what refunds i'mport refused would return, and what a payment
 * that is not the order's still holds with no refund carrying it out.
 */
function moneyHeld(state: SettlementState): number {
  const refused = state.refunds.filter((r) => r.kind === 'cancel' && r.state === 'needs_operator');
  const unowned = state.payments.filter((record) => {
    const { status, amount, cancel_amount } = record.snapshot;
    const open = state.refunds.some((r) => r.source_id === record.source_id && r.kind === 'cancel' && (r.state === 'pending' || r.state === 'needs_operator'));
    return record.role !== 'accepted' && status === 'paid' && amount > cancel_amount && !open;
  });
  return refused.reduce((sum, r) => sum + r.amount, 0) + unowned.reduce((sum, p) => sum + p.snapshot.amount - p.snapshot.cancel_amount, 0);
}

/**
 * Everything that happened to one order, oldest first: its creation, each payment its PSP reported and each cancel it
 * lists, each webhook delivery naming the order or its payments, each refund the service owed or made, each event with
 * its payload, and what operators did to it (syncs, resends, retries) with who did it.
 */
export async function readTimeline(db: Db, pool: pg.Pool, merchantUid: string): Promise<z.infer<typeof timelineSchema> | null> {
  const state = await readState(pool, merchantUid);
  if (!state) return null;
  const sourceIds = state.payments.map((p) => p.source_id);
  const [seen, events, receipts, actions] = await Promise.all([
    db.selectFrom('payments').select(['source_id', 'created_at']).where('merchant_uid', '=', merchantUid).execute(),
    db.selectFrom('order_events').select(['id', 'type', 'created_at', 'data']).where('merchant_uid', '=', merchantUid).orderBy('id').execute(),
    receiptsOfOrder(db, merchantUid, sourceIds, WEBHOOKS_SHOWN),
    actionsOfOrder(db, merchantUid),
  ]);
  const order = toOrderView(state.order);
  const items: TimelineEntry[] = [
    { kind: 'created', at: order.created_at, amount: order.amount, name: order.name },
    ...paymentEntries(state, new Map(seen.map((row) => [row.source_id, iso(row.created_at)]))),
    ...receipts.rows.map((receipt) => ({ kind: 'webhook' as const, at: receipt.received_at, receipt })),
    ...state.refunds.map((refund) => refundEntry(state, refund)),
    ...events.map((event) => ({ kind: 'event' as const, at: iso(event.created_at), id: String(event.id), type: event.type, data: event.data })),
    ...actions.map(({ id: _id, ...action }) => ({ kind: 'operator' as const, ...action })),
  ];
  items.sort((a, b) => a.at.localeCompare(b.at) || RANK[a.kind] - RANK[b.kind]);
  return { order, items, webhooks_omitted: receipts.total - receipts.rows.length, money_held: moneyHeld(state) };
}
