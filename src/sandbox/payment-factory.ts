import type { IamportPayment } from '../providers/iamport/schemas.js';
import type { NewPayment, SandboxStatus } from './new-payment.js';
import { INICIS } from './pg.js';

export type { NewPayment, SandboxStatus };

const now = () => Math.floor(Date.now() / 1000);

/**
 * A Payment with the reference's full field list, shaped like a real test payment (KG Inicis unless told another PG),
 * recorded at `at` (unix s).
 */
export function buildPayment(impUid: string, input: NewPayment, at = now()): IamportPayment {
  const status = input.status ?? 'paid';
  const payMethod = input.pay_method ?? (status === 'ready' ? 'vbank' : 'card');
  const card = payMethod === 'card';
  const vbank = payMethod === 'vbank';
  const t = at;
  const provider = input.pg_provider ?? INICIS;
  const payment = {
    imp_uid: impUid,
    merchant_uid: input.merchant_uid,
    pay_method: payMethod,
    channel: input.channel ?? 'pc',
    pg_provider: provider,
    emb_pg_provider: null,
    pg_tid: provider === INICIS ? `StdpayCARDINIpayTest${String(t)}${impUid.slice(-6)}` : `${provider}_${String(t)}${impUid.slice(-6)}`,
    pg_id: input.pg_id ?? (provider === INICIS ? 'INIpayTest' : null),
    escrow: false,
    apply_num: card && status !== 'failed' ? String(10000000 + (t % 89999999)) : '',
    bank_code: null,
    bank_name: null,
    card_code: card ? '361' : null,
    card_name: card ? 'BC카드' : null,
    card_issuer_code: card ? '361' : null,
    card_issuer_name: card ? 'BC카드' : null,
    card_publisher_code: card ? '361' : null,
    card_publisher_name: card ? 'BC카드' : null,
    card_quota: 0,
    card_number: card ? '910003*********8' : null,
    card_type: card ? 0 : null,
    vbank_code: vbank ? '004' : null,
    vbank_name: vbank ? 'KB국민은행' : null,
    vbank_num: vbank ? `T${String(t).slice(-8)}${impUid.slice(-5)}` : null,
    vbank_holder: vbank ? '（주）샌드박스상점' : null,
    vbank_date: vbank ? t + 3 * 86400 : 0,
    vbank_issued_at: vbank ? t : 0,
    name: input.name ?? '샌드박스 주문',
    amount: input.amount,
    cancel_amount: 0,
    currency: input.currency ?? 'KRW',
    buyer_name: input.buyer_name ?? null,
    buyer_email: input.buyer_email ?? null,
    buyer_tel: input.buyer_tel ?? null,
    buyer_addr: input.buyer_addr ?? null,
    buyer_postcode: input.buyer_postcode ?? null,
    custom_data: input.custom_data === undefined ? null : JSON.stringify(input.custom_data),
    user_agent: 'sandbox',
    status: 'ready' as SandboxStatus,
    started_at: t,
    paid_at: 0,
    failed_at: 0,
    cancelled_at: 0,
    fail_reason: null as string | null,
    cancel_reason: null as string | null,
    receipt_url: provider === INICIS ? `https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/mCmReceipt_head.jsp?noTid=sandbox${impUid}` : null,
    cancel_history: [] as unknown[],
    // deposits into a fixed, unlimited virtual account only: always empty for the accounts the sandbox issues
    deposit_history: [] as unknown[],
    cancel_receipt_urls: [] as string[],
    cash_receipt_issued: false,
    customer_uid: null,
    customer_uid_usage: null,
    promotion: null,
    sandbox: input.sandbox ?? true,
  };
  return moveTo(payment, status, input.fail_reason, t) as IamportPayment;
}

/** Applies a status change with the timestamps i'mport sets for it. */
export function moveTo<T extends Record<string, unknown>>(payment: T, status: SandboxStatus, reason?: string, t = now()): T {
  const next: Record<string, unknown> = { ...payment, status };
  if (status === 'paid') next.paid_at = t;
  if (status === 'failed') Object.assign(next, { failed_at: t, fail_reason: reason ?? '[1001] 카드 승인이 거절되었습니다 (한도초과)' });
  if (status === 'cancelled') next.cancelled_at = t;
  return next as T;
}
