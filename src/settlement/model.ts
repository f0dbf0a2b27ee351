import type { Mode } from '../config.js';
import type { OrderStatus, PaymentRole, RefundKind, RefundReason, RefundState, Vbank } from '../db/schema.js';
import { isUnverifiable, type IamportPayment } from '../iamport/schemas.js';

/** What the settlement core knows about money. Its closed unions are the database's (CHECK constraints): db/schema.ts. */

export { ORDER_STATUSES, PAYMENT_ROLES, REFUND_REASONS, REFUND_STATES } from '../db/schema.js';
export type { OrderStatus, PaymentRole, RefundKind, RefundReason, RefundState, Vbank } from '../db/schema.js';

export type Snapshot = IamportPayment;

/** An order row as the core reads it; timestamps are ISO strings. */
export interface OrderRecord {
  merchant_uid: string;
  name: string;
  amount: number;
  currency: string;
  status: OrderStatus;
  buyer: Record<string, unknown>;
  metadata: Record<string, unknown>;
  imp_uid: string | null;
  pay_method: string | null;
  pg_provider: string | null;
  paid_amount: number;
  cancelled_amount: number;
  vbank: Vbank | null;
  amount_registered: boolean;
  paid_at: string | null;
  cancelled_at: string | null;
  created_at: string;
  updated_at: string;
  /** bumped by every applied change: a write commits only on the version it was computed from */
  version: number;
}

export interface PaymentRecord {
  imp_uid: string;
  /** the order in which the service first saw the order's payments (ties between virtual accounts) */
  seq: number;
  role: PaymentRole;
  /** a virtual account replaced or expired: never adopted again while it is unpaid */
  retired: boolean;
  snapshot: Snapshot;
}

export interface RefundTo {
  holder?: string;
  bank?: string;
  account?: string;
  tel?: string;
  /** what stays of the account once the refund completed (API.md: erased but for the bank and the last four digits) */
  account_last4?: string;
}

export interface RefundRecord {
  id: string;
  imp_uid: string;
  kind: RefundKind;
  reason: RefundReason;
  amount: number;
  /** the balance believed left before this cancel; i'mport refuses when it differs (null for a revoke) */
  checksum: number | null;
  state: RefundState;
  /** the operator's reason, sent to i'mport */
  note: string | null;
  refund_to: RefundTo | null;
  /** API key id and Idempotency-Key of the operator request that asked for it */
  request_key: string | null;
  /** the operator (API_KEYS name) who asked for it, or last asked for it to be carried out again; null: the service */
  actor: string | null;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  completed_at: string | null;
}

export interface SettlementState {
  order: OrderRecord;
  payments: PaymentRecord[];
  refunds: RefundRecord[];
}

export interface Rules {
  mode: Mode;
  autoCancelForgery: boolean;
}

/** The reason i'mport records with a cancel; it ends with the refund's id, which i'mport returns in `cancel_history`. */
const AUTOMATIC_REASONS: Record<RefundReason, string> = {
  forgery: '결제 금액 위변조 의심: 자동 취소',
  duplicate: '중복 결제 자동 취소',
  replaced: '다른 결제로 대체된 가상계좌',
  expired: '입금기한 만료',
  operator: '운영자 환불',
};

export const cancelReasonOf = (refund: Pick<RefundRecord, 'id' | 'note' | 'reason'>): string =>
  `${refund.note ?? AUTOMATIC_REASONS[refund.reason]} (${refund.id})`;

export const balanceOf = (p: Snapshot): number => p.amount - p.cancel_amount;

/** Money reached i'mport for it: paid, or paid and (partly) refunded since. Never for an unverifiable answer. */
export const hasMoney = (p: Snapshot): boolean =>
  !isUnverifiable(p) && (p.status === 'paid' || (p.status === 'cancelled' && p.cancel_amount > 0));

export const isOpenVbank = (p: Snapshot): boolean => !isUnverifiable(p) && p.status === 'ready' && p.pay_method === 'vbank' && Boolean(p.vbank_num);

export { isUnverifiable };

/**
 * A payment may settle its order only with exactly the order's amount and currency, and, outside sandbox mode, only if
 * real money moved (i'mport marks test-channel payments `sandbox: true`; a buyer can pick a leftover test channel).
 */
export function isValidFor(order: OrderRecord, p: Snapshot, rules: Rules): boolean {
  return (
    !isUnverifiable(p) &&
    p.merchant_uid === order.merchant_uid &&
    p.currency === order.currency &&
    p.amount === order.amount &&
    (rules.mode === 'sandbox' || p.sandbox !== true)
  );
}
