import t from 'tap';
import type { Fact, RefundAnswer } from '../../src/settlement/facts.js';
import type { RefundRecord, SettlementState } from '../../src/settlement/model.js';
import { after, cancelEntry, context, eventTypes, listed, NOW, NOW_S, observed, refunded, roleOf, snapshot, step } from './fixtures.js';

const answered = (refund: RefundRecord, answer: RefundAnswer, interactive = false): Fact => ({ kind: 'refund_answered', refundId: refund.id, answer, interactive });
const only = (state: SettlementState, impUid: string, kind: RefundRecord['kind'] = 'cancel') =>
  state.refunds.filter((r) => r.source_id === impUid && r.kind === kind);

/** A paid order whose second payment B (₩10,000) is owed its automatic refund. */
const owingDuplicate = () => after([observed(snapshot('A', 'paid')), observed(snapshot('B', 'paid'))]);
const consoleCancel = (amount: number) => cancelEntry(amount, '콘솔 환불');

// What i'mport's answer to an automatic refund R of B (checksum 10,000) means: [answer, refund state, events, a new refund planned]
const AUTOMATIC: Array<[string, (r: RefundRecord) => RefundAnswer, RefundRecord['state'], string[], boolean]> = [
  ['answered with the payment cancelled', (r) => ({ result: 'done', payment: refunded('B', 10_000, { cancel_history: [listed(r)] }) }), 'done', ['payment.duplicate_cancelled'], false],
  ['refused, balance untouched (a refund account is needed)', () => ({ result: 'refused', message: '환불계좌 필요', seen: snapshot('B', 'paid') }), 'needs_operator', ['payment.refund_failed'], false],
  ['refused, refunded in part elsewhere first', () => ({ result: 'refused', message: 'checksum', seen: refunded('B', 4000, { cancel_history: [consoleCancel(4000)] }) }), 'failed', [], true],
  ['refused, refunded in full elsewhere first', () => ({ result: 'refused', message: 'checksum', seen: refunded('B', 10_000, { cancel_history: [consoleCancel(10_000)] }) }), 'failed', ['payment.duplicate_cancelled'], false],
  ['refused, refunded in full, no cancel history listed', () => ({ result: 'refused', message: 'checksum', seen: refunded('B', 10_000) }), 'done', ['payment.duplicate_cancelled'], false],
  ['refused, and the payment could not be re-read', () => ({ result: 'refused', message: 'checksum', seen: null }), 'pending', [], false],
  ['answer lost, balance untouched', () => ({ result: 'unavailable', message: 'HTTP 503', seen: snapshot('B', 'paid') }), 'pending', [], false],
  ['answer lost, the refund landed', (r) => ({ result: 'unavailable', message: 'reset', seen: refunded('B', 10_000, { cancel_history: [listed(r)] }) }), 'done', ['payment.duplicate_cancelled'], false],
];

for (const [what, answer, state, events, replanned] of AUTOMATIC) {
  t.test(`automatic refund × ${what} → ${state}`, async (t) => {
    const before = owingDuplicate();
    const refund = only(before, 'B')[0]!;
    const { next, t: result } = step(before, answered(refund, answer(refund)));
    t.equal(next.refunds.find((r) => r.id === refund.id)?.state, state);
    t.same(eventTypes(result), events);
    t.equal(result.execute.length > 0, replanned, replanned ? 'what is left is refunded with a fresh checksum' : 'nothing new to carry out');
    if (replanned) t.match(result.execute, [{ amount: 6000, checksum: 6000 }]);
    t.equal(next.order.status, 'paid', 'the order keeps its first payment');
  });
}

t.test('an unanswered refund backs off, and after many attempts is left to a person', async (t) => {
  let state = owingDuplicate();
  const id = only(state, 'B')[0]!.id;
  const lost: RefundAnswer = { result: 'unavailable', message: 'HTTP 503', seen: snapshot('B', 'paid') };
  state = step(state, answered(state.refunds.find((r) => r.id === id)!, lost)).next;
  t.equal(state.refunds.find((r) => r.id === id)?.next_attempt_at, new Date(NOW.getTime() + 30_000).toISOString());
  for (let i = 0; i < 19; i += 1) state = step(state, answered(state.refunds.find((r) => r.id === id)!, lost)).next;
  t.match(state.refunds.find((r) => r.id === id), { state: 'needs_operator', attempts: 20, next_attempt_at: null });
});

t.test('the refund of a duplicate seen cancelled completes it even when its answer was lost', async (t) => {
  const before = owingDuplicate();
  const { next, t: result } = step(before, observed(refunded('B', 10_000, { cancel_history: [listed(only(before, 'B')[0]!)] })));
  t.match(only(next, 'B'), [{ state: 'done' }]);
  t.same(eventTypes(result), ['payment.duplicate_cancelled']);
});

/** A paid order of ₩10,000 and an operator's request to refund ₩4,000 of it. */
function operatorRefund(interactive = true) {
  const paid = after([observed(snapshot('A', 'paid'))]);
  const requested = step(paid, { kind: 'refund_requested', request: { amount: 4000, note: 'returned' } });
  const refund = requested.t.subject!;
  const answer = (a: RefundAnswer) => step(requested.next, answered(refund, a, interactive));
  return { requested, refund, answer };
}

t.test('operator refunds: committed first with the balance as checksum, then completed from the answer', async (t) => {
  const { requested, refund, answer } = operatorRefund();
  t.match(refund, { kind: 'cancel', reason: 'operator', amount: 4000, checksum: 10_000, state: 'pending' });
  t.same(requested.t.execute.map((r) => r.id), [refund.id]);
  t.equal(requested.next.order.status, 'paid', 'nothing changes before i\'mport answers');

  const ours = { cancel_history: [listed(refund)] };
  const done = answer({ result: 'done', payment: refunded('A', 4000, ours) });
  t.match(done.next.order, { status: 'partially_cancelled', cancelled_amount: 4000 });
  t.same(eventTypes(done.t), ['order.partially_cancelled']);

  const refused = answer({ result: 'refused', message: '취소 불가', seen: snapshot('A', 'paid') });
  t.match(refused.next.refunds, [{ state: 'failed', last_error: '취소 불가' }], 'an operator who is waiting is told; nothing is owed');

  const background = operatorRefund(false).answer({ result: 'refused', message: '취소 불가', seen: snapshot('A', 'paid') });
  t.match(background.next.refunds, [{ state: 'needs_operator' }], 'refused with nobody waiting: left to a person, with its event');
  t.same(eventTypes(background.t), ['payment.refund_failed']);

  const elsewhere = answer({ result: 'refused', message: 'checksum', seen: refunded('A', 4000, { cancel_history: [consoleCancel(4000)] }) });
  t.match(elsewhere.next.refunds, [{ state: 'failed' }], "the same amount refunded at the console is not taken for ours");
  t.match(elsewhere.next.order, { status: 'partially_cancelled', cancelled_amount: 4000 }, 'and the order shows the console refund');

  const lost = answer({ result: 'unavailable', message: 'reset', seen: refunded('A', 4000, ours) });
  t.match(lost.next.refunds, [{ state: 'done' }], 'a lost answer is settled from the cancel history');
});

t.test('a refund i\'mport lists as carried out is done, whatever else was refunded and whatever was believed of it', async (t) => {
  const { refund, answer } = operatorRefund(false);
  // ours (4,000) landed, its answer was lost, then 1,000 was refunded at the console: the retry's checksum is refused
  const both = refunded('A', 5000, { cancel_history: [listed(refund), consoleCancel(1000)] });
  const retried = answer({ result: 'refused', message: 'checksum', seen: both });
  t.match(retried.next.refunds, [{ id: refund.id, state: 'done' }], 'refused for its checksum, but listed: done');
  t.same(eventTypes(retried.t), ['order.partially_cancelled'], 'and no payment.refund_failed');
  t.match(retried.next.order, { status: 'partially_cancelled', cancelled_amount: 5000 });

  const leftToAPerson = answer({ result: 'refused', message: 'checksum', seen: snapshot('A', 'paid') }).next;
  t.match(leftToAPerson.refunds, [{ state: 'needs_operator' }]);
  const seenLater = step(leftToAPerson, observed(both));
  t.match(seenLater.next.refunds, [{ state: 'done', next_attempt_at: null }], 'a later observation completes a refund left to a person');
  t.notOk(eventTypes(seenLater.t).includes('payment.refund_failed'));

  const byBalanceAlone = step(leftToAPerson, observed(refunded('A', 4000)));
  t.match(byBalanceAlone.next.refunds, [{ state: 'needs_operator' }], 'without a listing, a balance that moved does not complete a refund believed refused');
});

t.test("a completed refund keeps only the refund account's bank and last four digits", async (t) => {
  const paid = after([observed(snapshot('A', 'paid', { pay_method: 'vbank' }))]);
  const refundTo = { holder: '홍길동', bank: '004', account: '12345678901234', tel: '01012345678' };
  const requested = step(paid, { kind: 'refund_requested', request: { amount: 4000, note: 'returned', refundTo } });
  const refund = requested.t.subject!;
  t.same(refund.refund_to, refundTo, 'kept while the refund may need them');
  const done = step(requested.next, answered(refund, { result: 'done', payment: refunded('A', 4000, { pay_method: 'vbank', cancel_history: [listed(refund)] }) }));
  t.same(done.next.refunds[0]!.refund_to, { bank: '004', account_last4: '1234' });
  t.ok(done.t.changed.refunds.some((r) => r.id === refund.id && r.refund_to?.account === undefined), 'the erasure is written');
});

t.test('operator requests the rules turn down, and a retry that resumes', async (t) => {
  const pending = after([]);
  t.match(step(pending, { kind: 'refund_requested', request: { note: 'x' } }).t.rejection, { kind: 'conflict', message: /only a paid order/ });
  const paid = after([observed(snapshot('A', 'paid'))]);
  t.match(step(paid, { kind: 'refund_requested', request: { amount: 20_000, note: 'x' } }).t.rejection, { kind: 'invalid', extra: { remaining: 10_000 } });
  const first = step(paid, { kind: 'refund_requested', request: { amount: 1000, note: 'x', requestKey: 'k1' } });
  t.match(step(first.next, { kind: 'refund_requested', request: { amount: 1000, note: 'y' } }).t.rejection, { kind: 'conflict', message: /in progress/ });
  const retry = step(first.next, { kind: 'refund_requested', request: { amount: 1000, note: 'x', requestKey: 'k1' } });
  t.equal(retry.t.subject?.id, first.t.subject?.id, 'the same Idempotency-Key resumes the same refund');
  t.same(retry.t.execute.map((r) => r.id), [first.t.subject!.id]);
  t.equal(retry.next.refunds.length, 1);
});

t.test('revokes: an account closed, one the PG cannot close stays open, one deposited meanwhile is refunded', async (t) => {
  const paid = after([observed(snapshot('A', 'paid')), observed(snapshot('V', 'ready'))]);
  const revoke = only(paid, 'V', 'revoke')[0]!;
  const closed = step(paid, answered(revoke, { result: 'done', payment: snapshot('V', 'cancelled', { pay_method: 'vbank' }) }));
  t.match(only(closed.next, 'V', 'revoke'), [{ state: 'done' }]);
  t.same(eventTypes(closed.t), [], 'closing an account moves no money and emits no event');

  const unsupported = step(paid, answered(revoke, { result: 'refused', message: '지원하지 않는 PG사', seen: snapshot('V', 'ready') }));
  t.match(only(unsupported.next, 'V', 'revoke'), [{ state: 'failed', last_error: '지원하지 않는 PG사' }]);
  t.same(unsupported.t.execute, [], 'not tried again: the PG cannot');
  const depositLater = step(unsupported.next, observed(snapshot('V', 'paid', { pay_method: 'vbank' })));
  t.match(depositLater.t.execute, [{ source_id: 'V', kind: 'cancel', reason: 'duplicate' }], 'a deposit into it is refunded like any second payment');

  const depositedMeanwhile = step(paid, answered(revoke, { result: 'refused', message: '입금완료', seen: snapshot('V', 'paid', { pay_method: 'vbank' }) }));
  t.match(depositedMeanwhile.t.execute, [{ source_id: 'V', kind: 'cancel', amount: 10_000 }]);
  t.equal(roleOf(depositedMeanwhile.next, 'V'), 'duplicate');
});

t.test('expiry: an open account past its due date fails the order and is closed; a deposit before wins', async (t) => {
  const dueYesterday = snapshot('V', 'ready', { vbank_date: NOW_S - 86_400 });
  const awaiting = after([observed(dueYesterday)]);
  const expire: Fact = { kind: 'observed', payments: [dueYesterday], expireDue: true };
  const expired = step(awaiting, expire);
  t.match(expired.next.order, { status: 'failed', source_id: 'V', vbank: null });
  t.same(eventTypes(expired.t), ['order.failed']);
  t.match(expired.t.execute, [{ source_id: 'V', kind: 'revoke', reason: 'expired' }]);
  t.same(step(expired.next, expire).t.events, [], 'expiring again changes nothing');

  const paidFirst = step(awaiting, { kind: 'observed', payments: [snapshot('V', 'paid', { pay_method: 'vbank', vbank_date: NOW_S - 86_400 })], expireDue: true });
  t.equal(paidFirst.next.order.status, 'paid');
  const notYet = step(after([observed(snapshot('W', 'ready'))]), { kind: 'observed', payments: [], expireDue: true });
  t.same(notYet.t.events, [], 'an account not yet due is left open');
  const later = step(expired.next, observed(snapshot('V', 'paid', { pay_method: 'vbank', vbank_date: NOW_S - 86_400 })), undefined, context());
  t.equal(later.next.order.status, 'paid', 'a late deposit the PG still took pays the unpaid order');
});
