import assert from 'node:assert/strict';
import fc from 'fast-check';
import t from 'tap';
import type { Fact, RefundAnswer, RefundRetry } from '../../src/settlement/facts.js';
import { balanceOf, type RefundRecord, type SettlementState, type Snapshot } from '../../src/settlement/model.js';
import { after, cancelEntry, context, listed, NOW, observed, refunded, snapshot, step } from './fixtures.js';

const retried = (refund: RefundRecord, seen: Snapshot, extra: Partial<RefundRetry> = {}): Fact => ({
  kind: 'refund_retried',
  retry: { refundId: refund.id, seen, actor: 'ops.kim', ...extra },
});
const answered = (refund: RefundRecord, answer: RefundAnswer, interactive = false): Fact => ({ kind: 'refund_answered', refundId: refund.id, answer, interactive });
const account = { holder: '김지수', bank: '04', account: '123456789012' };

/** A card-paid order (A) and a deposited duplicate virtual account (B) whose refund i'mport refused: a person must finish it. */
function stuckDeposit(): { state: SettlementState; refund: RefundRecord } {
  const deposit = snapshot('B', 'paid', { pay_method: 'vbank' });
  const owed = after([observed(snapshot('A', 'paid', { paid_at: 1 })), observed(deposit)]);
  const refund = owed.refunds.find((r) => r.source_id === 'B' && r.kind === 'cancel')!;
  const state = step(owed, answered(refund, { result: 'refused', message: '환불계좌 필요', seen: deposit })).next;
  return { state, refund: state.refunds.find((r) => r.id === refund.id)! };
}

t.test('a refund left to a person is attempted again: the same row, the balance read now as checksum, the account given', async (t) => {
  const { state, refund } = stuckDeposit();
  t.equal(refund.state, 'needs_operator');
  const { next, t: result } = step(state, retried(refund, snapshot('B', 'paid', { pay_method: 'vbank' }), { refundTo: account }));
  t.equal(result.rejection, null);
  t.equal(next.refunds.length, state.refunds.length, 'no new refund row');
  t.match(result.execute, [{ id: refund.id, state: 'pending', amount: 10_000, checksum: 10_000, refund_to: account, actor: 'ops.kim' }]);
  t.equal(result.subject?.id, refund.id);
  t.equal(next.refunds.find((r) => r.id === refund.id)?.next_attempt_at, new Date(NOW.getTime() + 60_000).toISOString(), 'leased to this request');
});

t.test('a refund that landed meanwhile (i\'mport lists it) is completed, never sent again', async (t) => {
  const { state, refund } = stuckDeposit();
  const { next, t: result } = step(state, retried(refund, refunded('B', 10_000, { pay_method: 'vbank', cancel_history: [listed(refund)] }), { refundTo: account }));
  t.same(result.execute, []);
  t.match(next.refunds.find((r) => r.id === refund.id), { state: 'done', completed_at: NOW.toISOString() });
  t.same(result.events.map((e) => e.type), ['payment.duplicate_cancelled']);
});

t.test('money returned meanwhile by another cancel (by hand at i\'mport): nothing is sent, the refund is closed as not needed', async (t) => {
  const { state, refund } = stuckDeposit();
  const byHand = refunded('B', 10_000, { pay_method: 'vbank', cancel_history: [cancelEntry(10_000, '콘솔 환불')] });
  const { next, t: result } = step(state, retried(refund, byHand, { refundTo: account }));
  t.equal(result.rejection, null);
  t.same(result.execute, []);
  t.match(next.refunds.find((r) => r.id === refund.id), { state: 'failed', last_error: /another cancel/ });
  t.same(result.events.map((e) => e.type), ['payment.duplicate_cancelled'], "the console's refund is the duplicate's, not ours");
});

t.test('a retry while the refund is being carried out is refused; one of a done refund changes nothing', async (t) => {
  const { state, refund } = stuckDeposit();
  const seen = snapshot('B', 'paid', { pay_method: 'vbank' });
  const first = step(state, retried(refund, seen, { refundTo: account }));
  const second = step(first.next, retried(refund, seen, { refundTo: account, actor: 'ops.lee' }));
  t.match(second.t.rejection, { kind: 'conflict', message: /being carried out/ });
  t.same(second.t.execute, []);

  const done = step(first.next, answered(refund, { result: 'done', payment: refunded('B', 10_000, { pay_method: 'vbank' }) }, true)).next;
  const again = step(done, retried(refund, refunded('B', 10_000, { pay_method: 'vbank' })));
  t.equal(again.t.rejection, null);
  t.same(again.t.execute, [], 'done stays done');
  t.equal(again.t.subject?.state, 'done');
});

t.test('refused again while the operator waits: it stays with a person, with i\'mport\'s new reason', async (t) => {
  const { state, refund } = stuckDeposit();
  const seen = snapshot('B', 'paid', { pay_method: 'vbank' });
  const sent = step(state, retried(refund, seen, { refundTo: account })).next;
  const { next } = step(sent, answered(refund, { result: 'refused', message: '계좌 불일치', seen }, true));
  t.match(next.refunds.find((r) => r.id === refund.id), { state: 'needs_operator', last_error: '계좌 불일치', actor: 'ops.kim', attempts: 2 });
});

t.test("an operator's refused refund keeps its amount, must still fit, and takes the balance as it is now", async (t) => {
  const paid = after([observed(snapshot('A', 'paid'))]);
  const requested = step(paid, { kind: 'refund_requested', request: { amount: 4000, note: 'returned', actor: 'ops.kim' } });
  const refund = requested.t.subject!;
  t.equal(refund.actor, 'ops.kim', 'the refund records who asked');
  const refused = step(requested.next, answered(refund, { result: 'refused', message: '취소 불가', seen: snapshot('A', 'paid') }, true)).next;
  t.equal(refused.refunds[0]!.state, 'failed');

  const partly = step(refused, retried(refund, refunded('A', 3000), { actor: 'ops.lee' }));
  t.match(partly.t.execute, [{ amount: 4000, checksum: 7000, actor: 'ops.lee' }]);
  const tooLittle = step(refused, retried(refund, refunded('A', 7000)));
  t.match(tooLittle.t.rejection, { kind: 'invalid', message: /exceeds the 3000 won/ });
});

t.test('an open refund of the same payment is finished first', async (t) => {
  const { state, refund } = stuckDeposit();
  const other = { ...refund, id: 'rf_other', state: 'pending' as const, next_attempt_at: NOW.toISOString() };
  const failed = { ...refund, state: 'failed' as const };
  const { t: result } = step({ ...state, refunds: [failed, other] }, retried(failed, snapshot('B', 'paid', { pay_method: 'vbank' })));
  t.match(result.rejection, { kind: 'conflict', message: /rf_other .* is open/ });
});

t.test('property: whatever i\'mport shows, a retry sends at most one attempt, never of a refund that landed, with the balance as checksum', async (t) => {
  const seenArb = fc.record({ cancelled: fc.integer({ min: 0, max: 10_000 }), status: fc.constantFrom<Snapshot['status']>('paid', 'cancelled') });
  fc.assert(
    fc.property(seenArb, fc.boolean(), ({ cancelled, status }, withAccount) => {
      const { state, refund } = stuckDeposit();
      const seen = refunded('B', status === 'cancelled' ? 10_000 : cancelled, { pay_method: 'vbank' });
      const { next, t: result } = step(state, retried(refund, seen, withAccount ? { refundTo: account } : {}), undefined, context());
      const pending = next.refunds.filter((r) => r.source_id === 'B' && r.state === 'pending');
      assert.ok(pending.length <= 1 && result.execute.length <= 1, 'one attempt at most');
      if (balanceOf(seen) <= 0) assert.deepEqual(result.execute, [], 'nothing is left: nothing is sent');
      for (const sent of result.execute) assert.equal(sent.checksum, balanceOf(seen));
      assert.equal(next.refunds.length, state.refunds.length, 'no new refund row');
    }),
    { numRuns: 200 },
  );
  t.pass('held for 200 runs');
});
