import t from 'tap';
import { resultViewOf } from '../../src/payments/result-view.js';
import type { OrderRecord, PaymentRecord, RefundRecord, SettlementState, Snapshot } from '../../src/settlement/model.js';

const ORDER: OrderRecord = {
  merchant_uid: 'ord_view', name: 'Mug', amount: 12900, currency: 'KRW', status: 'pending', buyer: {}, metadata: {}, provider: 'iamport', source_id: null,
  pay_method: null, pg_provider: null, paid_amount: 0, cancelled_amount: 0, vbank: null, amount_registered: true, paid_at: null,
  cancelled_at: null, created_at: '2026-12-01T00:00:00.000Z', updated_at: '2026-12-01T00:00:00.000Z', version: 3,
};
const payment = (seq: number, role: PaymentRecord['role'], snapshot: Partial<Snapshot>): PaymentRecord =>
  ({ source_id: `imp_${seq}`, seq, role, retired: false, snapshot: { source_id: `imp_${seq}`, amount: 12900, paid_at: 0, ...snapshot } as Snapshot });
const state = (order: Partial<OrderRecord>, payments: PaymentRecord[] = [], refunds: Partial<RefundRecord>[] = []): SettlementState =>
  ({ order: { ...ORDER, ...order }, payments, refunds: refunds as RefundRecord[] });

t.test('what the result page says in the cases the HTTP tests do not reach', async (t) => {
  const expired = state({ status: 'failed', source_id: 'imp_1' }, [payment(1, 'failed', { method: 'vbank', status: 'ready' })]);
  t.match(resultViewOf(expired, false), { kind: 'expired_account', title: '가상계좌의 입금 기한이 지났습니다', watch: false });

  const partly = state({ status: 'partially_cancelled', paid_amount: 12900, cancelled_amount: 2900, paid_at: '2026-12-01T01:00:00.000Z' });
  t.match(resultViewOf(partly, false), { kind: 'partially_cancelled', lines: ['12,900원이 결제되었습니다. (2026년 12월 1일 오전 10:00)', '2,900원은 결제수단으로 환불됩니다.'] });

  const abandoned = state({}, [payment(1, 'other', { status: 'ready', method: 'card' })]);
  t.match(resultViewOf(abandoned, false), { kind: 'not_completed', title: '결제가 완료되지 않았습니다' });

  const refusedRefund = state({}, [payment(1, 'forgery', { amount: 100, status: 'paid', paid_at: 1 })], [{ source_id: 'imp_1', reason: 'forgery', kind: 'cancel', state: 'needs_operator' }]);
  t.match(resultViewOf(refusedRefund, false), { kind: 'refunded_forgery', lines: ['결제하신 100원은 담당자가 환불해 드릴 예정입니다.', /결제되지 않았습니다/] });

  const forgedAccount = state({}, [payment(1, 'forgery', { amount: 100, status: 'cancelled', method: 'vbank' })], [{ source_id: 'imp_1', reason: 'forgery', kind: 'revoke', state: 'done' }]);
  t.match(resultViewOf(forgedAccount, false), { lines: ['발급된 100원 가상계좌는 닫았습니다. 입금하지 마세요.', /결제되지 않았습니다/] }, 'no money moved: the account was closed');

  t.match(resultViewOf(state({}), true), { kind: 'checking', watch: true, lines: ['다시 결제하지 마세요.', /확인되는 대로/] });
  t.match(resultViewOf(state({ status: 'paid', paid_amount: 12900 }), true), { kind: 'paid' }, 'a settled order is shown as it is, even while a claim is checked');
});
