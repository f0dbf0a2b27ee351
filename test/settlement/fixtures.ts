import type { Context, Fact, Transition } from '../../src/settlement/facts.js';
import { transition } from '../../src/settlement/machine.js';
import { factOf } from '../../src/providers/iamport/facts.js';
import type { IamportPayment } from '../../src/providers/iamport/schemas.js';
import { cancelReasonOf, type OrderRecord, type RefundRecord, type Rules, type SettlementState, type Snapshot } from '../../src/settlement/model.js';

/** Pure fixtures for the settlement machine: an order, i'mport snapshots, and facts applied as the store would. */

export const LIVE: Rules = { mode: 'live', autoCancelForgery: true };
export const NOW = new Date('2026-11-25T00:00:00Z');
export const NOW_S = NOW.getTime() / 1000;
const nowSeconds = NOW_S;

export function context(now = NOW): Context {
  let n = 0;
  return { now, newRefundId: () => `rf_${++n}` };
}

export function newOrder(amount = 10_000): SettlementState {
  const order: OrderRecord = {
    merchant_uid: 'ord_1', provider: 'iamport', name: 'T-shirt', amount, currency: 'KRW', status: 'pending', buyer: {}, metadata: {},
    source_id: null, pay_method: null, pg_provider: null, paid_amount: 0, cancelled_amount: 0, vbank: null,
    amount_registered: true, paid_at: null, cancelled_at: null, created_at: NOW.toISOString(), updated_at: NOW.toISOString(), version: 1,
  };
  return { order, payments: [], refunds: [] };
}

type Status = Snapshot['status'];

/** A V1 payment as i'mport reports it, as the core's fact (the V1 adapter's mapping): the tables speak V1's words. */
export function snapshot(impUid: string, status: Status, overrides: Partial<IamportPayment> = {}): Snapshot {
  const vbank = overrides.pay_method === 'vbank' || (status === 'ready' && overrides.pay_method === undefined);
  return factOf({
    imp_uid: impUid, merchant_uid: 'ord_1', amount: 10_000, cancel_amount: 0, currency: 'KRW', status, sandbox: false,
    pay_method: vbank ? 'vbank' : 'card', pg_provider: 'html5_inicis',
    ...(vbank ? { vbank_num: `T${impUid}`, vbank_name: 'KB국민은행', vbank_holder: '상점', vbank_date: nowSeconds + 86_400, vbank_issued_at: nowSeconds } : {}),
    paid_at: status === 'paid' || status === 'cancelled' ? nowSeconds : 0,
    failed_at: status === 'failed' ? nowSeconds : 0,
    fail_reason: status === 'failed' ? '한도초과' : null,
    ...overrides,
  });
}

/** A snapshot of a paid payment with part or all of it refunded. */
export const refunded = (impUid: string, cancelAmount: number, overrides: Partial<IamportPayment> = {}): Snapshot =>
  snapshot(impUid, cancelAmount >= (overrides.amount ?? 10_000) ? 'cancelled' : 'paid', { cancel_amount: cancelAmount, cancelled_at: nowSeconds, ...overrides });

/** A cancel as i'mport lists it in `cancel_history`. */
export const cancelEntry = (amount: number, reason: string) => ({ amount, reason, cancelled_at: nowSeconds });

/** The entry i'mport lists for a refund the service sent: its reason carries the refund's id. */
export const listed = (refund: RefundRecord, amount = refund.amount) => cancelEntry(amount, cancelReasonOf(refund));

/** Applies a fact and commits the result as the store does: the version moves only when something was written. */
export function step(state: SettlementState, fact: Fact, rules: Rules = LIVE, ctx: Context = context()): { next: SettlementState; t: Transition } {
  const t = transition(state, fact, rules, ctx);
  const wrote = t.changed.order || t.changed.payments.length > 0 || t.changed.refunds.length > 0 || t.events.length > 0;
  const order = wrote && !t.rejection ? { ...t.order, version: t.order.version + 1 } : t.order;
  return { next: structuredClone({ order, payments: t.payments, refunds: t.refunds }), t };
}

export const observed = (...payments: Snapshot[]): Fact => ({ kind: 'observed', payments });

/** Several facts in a row from a new order. */
export function after(facts: Fact[], rules: Rules = LIVE, start = newOrder()): SettlementState {
  return facts.reduce((state, fact) => step(state, fact, rules).next, start);
}

export const eventTypes = (t: Transition) => t.events.map((event) => event.type);
export const roleOf = (state: { payments: SettlementState['payments'] }, impUid: string) => state.payments.find((p) => p.source_id === impUid)?.role;
