import { isRefundBankOf } from '../providers/iamport/banks.js';
import type { CancelEntry, IamportPayment } from '../providers/iamport/schemas.js';
import { isMoney } from './inputs.js';
import { moveTo } from './payment-factory.js';
import { canCloseVbank, unsupportedVbankClose } from './pg.js';

export interface CancelInput {
  amount?: number;
  checksum?: number;
  reason?: string;
  /** the refund account an API cancel names; a console cancel (control API) enters it there, so passes none */
  refund?: { holder?: string; bank?: string; account?: string };
}

type CancelResult = { ok: true; payment: IamportPayment } | { ok: false; message: string };

/** i'mport's cancel rules (reference: Cancel): balance, checksum, full vs partial, unpaid virtual accounts. */
export function applyCancel(payment: IamportPayment, input: CancelInput): CancelResult {
  if (payment.status === 'cancelled') return { ok: false, message: '이미 전액취소된 주문입니다.' };
  if (payment.status === 'failed') return { ok: false, message: '결제실패된 건은 취소할 수 없습니다.' };
  if (payment.status === 'ready') {
    // an unpaid virtual account is closed without a refund, by the PGs that can close one at all (the reference
    // documents DELETE /vbanks/{imp_uid} for this; see the README on why cancel does it too)
    if (!canCloseVbank(payment.pg_provider)) return { ok: false, message: unsupportedVbankClose(payment.pg_provider) };
    return { ok: true, payment: { ...moveTo(payment, 'cancelled'), cancel_reason: input.reason ?? null } };
  }
  if (input.refund && payment.pay_method === 'vbank' && !(input.refund.holder && input.refund.bank && input.refund.account)) {
    return { ok: false, message: '가상계좌 환불은 환불계좌 정보(refund_holder, refund_bank, refund_account)가 필요합니다.' };
  }
  // the PG takes its own bank codes (PortOne's PG사별 은행코드): a name or another PG's code is refused
  if (input.refund?.bank && payment.pay_method === 'vbank' && !isRefundBankOf(payment.pg_provider, input.refund.bank)) {
    return { ok: false, message: `환불계좌 은행코드(${input.refund.bank})가 올바르지 않습니다.` };
  }
  const balance = payment.amount - payment.cancel_amount;
  // only a missing or 0 amount means everything that remains (reference: Cancel, amount)
  const amount = input.amount ? input.amount : balance;
  if (!isMoney(amount, payment.currency) || amount <= 0) return { ok: false, message: `취소요청금액(${input.amount})이 올바르지 않습니다.` };
  if (input.checksum !== undefined && input.checksum !== balance) {
    return { ok: false, message: `[환불가능금액 불일치] 요청된 checksum(${input.checksum})과 환불가능금액(${balance})이 일치하지 않습니다.` };
  }
  if (amount > balance) return { ok: false, message: `취소요청금액(${amount})이 취소가능금액(${balance})을 초과합니다.` };
  const cancelled = payment.cancel_amount + amount;
  const now = Math.floor(Date.now() / 1000);
  const history: CancelEntry[] = [...(payment.cancel_history ?? [])];
  const receipt = payment.receipt_url ? `${payment.receipt_url}&cancel=${history.length + 1}` : null;
  history.push({ pg_tid: payment.pg_tid, amount, cancelled_at: now, reason: input.reason ?? '', cancellation_id: `cncl_${payment.imp_uid}_${history.length + 1}`, receipt_url: receipt });
  const next = { ...payment, cancel_amount: cancelled, cancel_reason: input.reason ?? null, cancel_history: history, cancel_receipt_urls: history.flatMap((h) => h.receipt_url ?? []) };
  return { ok: true, payment: cancelled === payment.amount ? moveTo(next, 'cancelled') : { ...next, cancelled_at: now } };
}
