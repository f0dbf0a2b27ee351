import t from 'tap';
import type { OrderStatus, SettlementState, Snapshot } from '../../src/settlement/model.js';
import { outcomeOf } from '../../src/settlement/outcome.js';
import { after, eventTypes, LIVE, newOrder, NOW_S, observed, refunded, roleOf, snapshot, step } from './fixtures.js';

type Status = Snapshot['status'];
const STATUSES: Status[] = ['ready', 'paid', 'failed', 'cancelled'];

/** The order in each state, reached through i'mport's reports of payment A. */
const ORDERS: Record<OrderStatus, () => SettlementState> = {
  pending: () => newOrder(),
  awaiting_deposit: () => after([observed(snapshot('A', 'ready'))]),
  paid: () => after([observed(snapshot('A', 'paid'))]),
  partially_cancelled: () => after([observed(snapshot('A', 'paid')), observed(refunded('A', 4000))]),
  cancelled: () => after([observed(snapshot('A', 'paid')), observed(refunded('A', 10_000))]),
  failed: () => after([observed(snapshot('A', 'failed'))]),
};

/** i'mport reports A (the right amount) as: 'cancelled' = paid, then refunded in full. */
const reportOfA = (status: Status, state: SettlementState): Snapshot => {
  const vbank = state.order.pay_method === 'vbank' ? { pay_method: 'vbank' } : {};
  return status === 'cancelled' ? refunded('A', 10_000, vbank) : snapshot('A', status, vbank);
};

// The order's status after A is reported in each status; null: unchanged.
const OWN: Record<OrderStatus, Record<Status, OrderStatus | null>> = {
  pending: { ready: 'awaiting_deposit', paid: 'paid', failed: 'failed', cancelled: 'cancelled' },
  awaiting_deposit: { ready: null, paid: 'paid', failed: 'failed', cancelled: 'cancelled' },
  paid: { ready: null, paid: null, failed: null, cancelled: 'cancelled' },
  partially_cancelled: { ready: null, paid: null, failed: null, cancelled: 'cancelled' },
  cancelled: { ready: null, paid: null, failed: null, cancelled: null },
  failed: { ready: null, paid: 'paid', failed: null, cancelled: 'cancelled' },
};

for (const [state, build] of Object.entries(ORDERS) as Array<[OrderStatus, () => SettlementState]>) {
  for (const status of STATUSES) {
    t.test(`${state} × ${status} × amount matches`, async (t) => {
      const before = build();
      const { next, t: result } = step(before, observed(reportOfA(status, before)));
      const expected = OWN[state][status];
      t.equal(next.order.status, expected ?? state);
      t.same(eventTypes(result), expected ? [`order.${expected}`] : [], 'one event exactly when the order changes');
      t.same(result.execute, [], "the order's own payment is never refunded of its own accord");
    });

    t.test(`${state} × ${status} × amount differs`, async (t) => {
      const before = build();
      const forged = status === 'cancelled' ? refunded('B', 100, { amount: 100 }) : snapshot('B', status, { amount: 100 });
      const { next, t: result } = step(before, observed(forged));
      t.equal(next.order.status, state, 'the order is untouched');
      t.equal(next.order.source_id, before.order.source_id);
      t.equal(roleOf(next, 'B'), status === 'failed' ? 'failed' : 'forgery');
      t.same(eventTypes(result), status === 'failed' ? [] : ['payment.forgery_detected']);
      const intent = result.execute.map((r) => [r.kind, r.reason, r.amount]);
      const expected = { paid: [['cancel', 'forgery', 100]], ready: [['revoke', 'forgery', 0]], failed: [], cancelled: [] }[status];
      t.same(intent, expected, 'paid: refunded for what was paid; open account: closed; nothing left: nothing to do');
    });
  }
}

t.test('any amount or currency but the order\'s, and a test-channel payment outside sandbox mode, is a forgery', async (t) => {
  for (const [why, report] of [
    ['12.5 USD', snapshot('B', 'paid', { amount: 12.5, currency: 'USD' })],
    ['10000 USD', snapshot('B', 'paid', { currency: 'USD' })],
    ['10000.5 KRW', snapshot('B', 'paid', { amount: 10_000.5 })],
    ['test channel', snapshot('B', 'paid', { sandbox: true })],
  ] as const) {
    const { next, t: result } = step(newOrder(), observed(report));
    t.equal(next.order.status, 'pending', why);
    t.equal(roleOf(next, 'B'), 'forgery', why);
    t.same(result.execute.map((r) => r.amount), [report.amount], `${why}: refunded for the amount paid`);
  }
  const inSandbox = step(newOrder(), observed(snapshot('B', 'paid', { sandbox: true })), { ...LIVE, mode: 'sandbox' }).next;
  t.equal(inSandbox.order.status, 'paid', "the simulator's test payments pay orders in sandbox mode");
});

t.test('AUTO_CANCEL_FORGERY=false leaves a forgery to a person, with its event', async (t) => {
  const { next, t: result } = step(newOrder(), observed(snapshot('B', 'paid', { amount: 100 })), { ...LIVE, autoCancelForgery: false });
  t.same(result.execute, []);
  t.match(next.refunds, [{ source_id: 'B', state: 'needs_operator', reason: 'forgery', amount: 100 }]);
  t.same(eventTypes(result), ['payment.forgery_detected', 'payment.refund_failed']);
});

t.test('a second payment of a paid order is a duplicate refunded once; a later account is closed', async (t) => {
  const paid = after([observed(snapshot('A', 'paid'))]);
  const second = step(paid, observed(snapshot('B', 'paid')));
  t.equal(outcomeOf(second.next, second.next.payments[1]!), 'duplicate');
  t.match(second.t.execute, [{ kind: 'cancel', reason: 'duplicate', amount: 10_000, checksum: 10_000 }]);
  t.same(step(second.next, observed(snapshot('B', 'paid'))).t.execute, [], 'a refund already owed is not planned again');
  const vbank = step(paid, observed(snapshot('V', 'ready')));
  t.equal(roleOf(vbank.next, 'V'), 'duplicate');
  t.match(vbank.t.execute, [{ kind: 'revoke', reason: 'duplicate' }]);
});

t.test('money wins over an open account; of several accounts the newest wins, and a replaced one never comes back', async (t) => {
  const awaitingV = after([observed(snapshot('V', 'ready'))]);
  const card = step(awaitingV, observed(snapshot('C', 'paid')));
  t.match(card.next.order, { status: 'paid', source_id: 'C' });
  t.equal(roleOf(card.next, 'V'), 'replaced');
  t.match(card.t.execute, [{ source_id: 'V', kind: 'revoke', reason: 'replaced' }]);

  const newer = step(awaitingV, observed(snapshot('W', 'ready', { vbank_issued_at: NOW_S + 60 })));
  t.match(newer.next.order, { status: 'awaiting_deposit', source_id: 'W' });
  t.same(eventTypes(newer.t), ['order.awaiting_deposit'], 'the switch to the new account is an event of its own');
  const stale = step(newer.next, observed(snapshot('V', 'ready')));
  t.equal(stale.next.order.source_id, 'W', "a redelivered 'ready' of the replaced account does not bring it back");
  t.same(eventTypes(stale.t), []);

  const older = step(awaitingV, observed(snapshot('U', 'ready', { vbank_issued_at: NOW_S - 60 })));
  t.equal(older.next.order.source_id, 'V', 'an account issued earlier but seen later is replaced at once');
  t.equal(roleOf(older.next, 'U'), 'replaced');

  const deposited = step(newer.next, observed(snapshot('V', 'paid', { pay_method: 'vbank' })));
  t.match(deposited.next.order, { status: 'paid', source_id: 'V' }, 'money into a replaced account while unpaid is accepted');
  t.match(deposited.t.execute, [{ source_id: 'W', kind: 'revoke' }], 'and the open account closed');
});

t.test('a payment paid and refunded at the console before the service saw it does not hide a payment still held', async (t) => {
  const { next } = step(newOrder(), observed(refunded('A', 10_000), snapshot('B', 'paid')));
  t.match(next.order, { status: 'paid', source_id: 'B' });
});

t.test('a partially refunded order answers success, a fully refunded one cancelled', async (t) => {
  const partial = after([observed(snapshot('A', 'paid')), observed(refunded('A', 4000))]);
  t.equal(outcomeOf(partial, partial.payments[0]!), 'success');
  const full = after([observed(snapshot('A', 'paid')), observed(refunded('A', 10_000))]);
  t.equal(outcomeOf(full, full.payments[0]!), 'cancelled');
});

t.test('snapshots never go back: a stale read cannot undo a refund or reopen a payment', async (t) => {
  const partial = after([observed(snapshot('A', 'paid')), observed(refunded('A', 4000))]);
  const stale = step(partial, observed(snapshot('A', 'paid')));
  t.match(stale.next.order, { status: 'partially_cancelled', cancelled_amount: 4000 });
  t.same(stale.t.changed, { order: false, payments: [], refunds: [] });
});

t.test('a cancelled order is final: a later payment is a duplicate to refund, not a new sale', async (t) => {
  const cancelled = after([observed(snapshot('A', 'paid')), observed(refunded('A', 10_000))]);
  const later = step(cancelled, observed(snapshot('B', 'paid')));
  t.match(later.next.order, { status: 'cancelled', source_id: 'A' });
  t.equal(roleOf(later.next, 'B'), 'duplicate');
  t.match(later.t.execute, [{ source_id: 'B', kind: 'cancel', reason: 'duplicate' }]);
});
