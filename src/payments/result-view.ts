import type { PaymentRecord, SettlementState } from '../settlement/model.js';
import { automaticRefundOf } from '../settlement/outcome.js';
import { lastPaymentOf } from './buyer-outcome.js';
import { kst, won } from './korean-text.js';

/** What the result page says, built only from what the service holds: the order, its payments and its refunds. */
export interface ResultView {
  kind:
    | 'checking' | 'paid' | 'partially_cancelled' | 'cancelled' | 'awaiting_deposit' | 'expired_account'
    | 'closed' | 'refused' | 'refunded_forgery' | 'not_completed' | 'not_paid';
  tone: 'ok' | 'info' | 'warn' | 'bad';
  title: string;
  lines: readonly string[];
  /** rows of label and value (the account to deposit into) */
  facts: ReadonlyArray<readonly [string, string]>;
  /** the page watches the order and reloads when it changes */
  watch: boolean;
}

/** The PSP passes the PG's text through; these are how PGs say the buyer closed the window (reference: Browser side). */
export const BUYER_CLOSED = /사용자.{0,10}취소|결제\s*포기|user\s*cancel/i;

const NOT_PAID = '주문은 결제되지 않았습니다. 다시 결제하실 수 있습니다.';

/** How a payment the service refused is being given back (money refunded, or an unpaid account closed), in the buyer's words. */
function givenBack(state: SettlementState, record: PaymentRecord): string {
  const refund = automaticRefundOf(state, record.source_id);
  const amount = won(record.snapshot.amount);
  const done = record.snapshot.status === 'cancelled' || refund?.state === 'done';
  if (refund?.kind === 'revoke' || !record.snapshot.paid_at) {
    return `발급된 ${amount} 가상계좌는 ${done ? '닫았습니다' : '닫는 중입니다'}. 입금하지 마세요.`;
  }
  if (done) return `결제하신 ${amount}은 환불했습니다.`;
  return refund?.state === 'needs_operator' ? `결제하신 ${amount}은 담당자가 환불해 드릴 예정입니다.` : `결제하신 ${amount}은 환불하는 중입니다.`;
}

function paid(state: SettlementState): ResultView {
  const { order } = state;
  const lines = [`${won(order.paid_amount)}이 결제되었습니다.${order.paid_at ? ` (${kst(order.paid_at)})` : ''}`];
  for (const second of state.payments.filter((record) => record.role === 'duplicate')) {
    const what = second.snapshot.paid_at ? '결제가 한 번 더 되었습니다' : '가상계좌가 또 발급되었습니다';
    lines.push(`같은 주문에 ${what}. ${givenBack(state, second)}`);
  }
  if (order.status === 'partially_cancelled') {
    return { kind: 'partially_cancelled', tone: 'warn', title: '결제가 일부 취소되었습니다', lines: [...lines, `${won(order.cancelled_amount)}은 결제수단으로 환불됩니다.`], facts: [], watch: false };
  }
  return { kind: 'paid', tone: 'ok', title: '결제가 완료되었습니다', lines: [...lines, '주문해 주셔서 감사합니다.'], facts: [], watch: false };
}

function awaitingDeposit(state: SettlementState): ResultView {
  const { order } = state;
  const account = order.vbank!;
  const facts: Array<[string, string]> = [['은행', account.bank_name], ['계좌번호', account.num], ['예금주', account.holder ?? ''], ['입금하실 금액', won(order.amount)]];
  if (account.due_at) facts.push(['입금 기한', `${kst(account.due_at)}까지`]);
  return { kind: 'awaiting_deposit', tone: 'info', title: '가상계좌가 발급되었습니다', lines: ['아래 계좌로 기한 안에 입금하시면 결제가 완료됩니다.'], facts, watch: true };
}

function unpaid(state: SettlementState): ResultView {
  const last = lastPaymentOf(state);
  const base = { facts: [], watch: false } as const;
  if (last?.role === 'forgery') {
    return { ...base, kind: 'refunded_forgery', tone: 'bad', title: '결제 내용이 주문과 달라 결제를 받지 않았습니다', lines: [givenBack(state, last), NOT_PAID] };
  }
  const failed = state.order.status === 'failed' ? state.payments.find((record) => record.source_id === state.order.source_id) : undefined;
  if (failed?.snapshot.method === 'vbank') {
    return { ...base, kind: 'expired_account', tone: 'bad', title: '가상계좌의 입금 기한이 지났습니다', lines: ['계좌가 닫혀 입금하실 수 없습니다.', NOT_PAID] };
  }
  const reason = failed?.snapshot.fail_reason ?? '';
  if (failed && BUYER_CLOSED.test(reason)) return { ...base, kind: 'closed', tone: 'warn', title: '결제를 취소하셨습니다', lines: [NOT_PAID] };
  if (failed) return { ...base, kind: 'refused', tone: 'bad', title: '결제가 승인되지 않았습니다', lines: [reason, NOT_PAID].filter(Boolean) };
  if (last) return { ...base, kind: 'not_completed', tone: 'warn', title: '결제가 완료되지 않았습니다', lines: [NOT_PAID] };
  return { ...base, kind: 'not_paid', tone: 'warn', title: '결제되지 않은 주문입니다', lines: ['이 주문에는 결제 내역이 없습니다. 결제하실 수 있습니다.'] };
}

const CHECKING: ResultView = {
  kind: 'checking',
  tone: 'info',
  title: '결제를 확인하고 있습니다',
  lines: ['다시 결제하지 마세요.', "결제 확인이 늦어지고 있습니다. 확인되는 대로 이 화면에 결과가 나타납니다."],
  facts: [],
  watch: true,
};

/** `checking`: the buyer came back from a payment the service could not verify yet (i'mport did not answer). */
export function resultViewOf(state: SettlementState, checking: boolean): ResultView {
  switch (state.order.status) {
    case 'paid':
    case 'partially_cancelled':
      return paid(state);
    case 'cancelled':
      return { kind: 'cancelled', tone: 'warn', title: '결제가 취소되었습니다', lines: [`${won(state.order.cancelled_amount)}은 결제수단으로 환불됩니다.`], facts: [], watch: false };
    case 'awaiting_deposit':
      return awaitingDeposit(state);
    default:
      return checking ? CHECKING : unpaid(state);
  }
}
