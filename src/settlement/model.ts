import type { Mode } from '../config.js';
import type { OrderStatus, PaymentRole, Provider, RefundKind, RefundReason, RefundState, Vbank } from '../db/schema.js';

/**
 * What the settlement core knows about money, in no PSP API's terms: each API's adapter (src/providers/) turns what
 * it reports into PaymentFacts. Its closed unions are the database's (CHECK constraints): db/schema.ts.
 */

export { ORDER_STATUSES, PAYMENT_ROLES, PROVIDERS, REFUND_REASONS, REFUND_STATES } from '../db/schema.js';
export type { OrderStatus, PaymentRole, Provider, RefundKind, RefundReason, RefundState, Vbank } from '../db/schema.js';

/** ready: not paid (a window opened, or an account issued and awaiting its deposit) · paid · cancelled: in full · failed */
export type PaymentStatus = 'ready' | 'paid' | 'cancelled' | 'failed';

/** A virtual account to deposit into; times in unix seconds (0 when not known). */
export interface Account {
  number: string;
  bank: string;
  holder: string | null;
  due_at: number;
  issued_at: number;
}

/** One (partial) cancel as the PSP lists it; a refund the service sent carries its id in `reason`. */
export interface Cancel {
  amount: number;
  reason: string | null;
  /** unix seconds */
  at: number;
  /** requested: accepted but carried out later (V2's asynchronous cancels); failed: the PSP gave up on it */
  status: 'succeeded' | 'requested' | 'failed';
  receipt_url: string | null;
}

/**
 * One payment attempt as a PSP reports it. Amounts are in the currency's main unit (won for KRW; a V2 amount in minor
 * units is converted by its adapter), times in unix seconds (0: not applicable).
 */
export interface PaymentFact {
  provider: Provider;
  /** the attempt's id at the PSP (V1 imp_uid, V2 transactionId): one payment source */
  source_id: string;
  /** the order it is for, as the PSP records it; it may name an order other than the one a caller claimed */
  order_id: string;
  status: PaymentStatus;
  amount: number;
  cancel_amount: number;
  currency: string;
  /** made through a test channel: no real money moved */
  test: boolean;
  /** card, vbank (a virtual account), trans, … */
  method: string | null;
  /** the PG that carried it out */
  pg: string | null;
  account: Account | null;
  started_at: number;
  paid_at: number;
  failed_at: number;
  cancelled_at: number;
  fail_reason: string | null;
  receipt_url: string | null;
  cancels: Cancel[];
  /** why the PSP's answer could not be verified; then the money fields are placeholders no rule may act on */
  unverifiable?: string;
}

export type Snapshot = PaymentFact;

/** How messages name each PSP. */
export const PSP_NAME: Record<Provider, string> = { iamport: "i'mport", portone: 'PortOne' };

export const isUnverifiable = (p: PaymentFact): boolean => p.unverifiable !== undefined;

/** An order row as the core reads it; timestamps are ISO strings. */
export interface OrderRecord {
  merchant_uid: string;
  /** the PSP API the order is paid through, chosen when it is created */
  provider: Provider;
  name: string;
  amount: number;
  currency: string;
  status: OrderStatus;
  buyer: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** the accepted payment source (or the account awaited) */
  source_id: string | null;
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
  source_id: string;
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
  /** the payment source it refunds or closes */
  source_id: string;
  kind: RefundKind;
  reason: RefundReason;
  amount: number;
  /** the balance believed left before this cancel; the PSP refuses when it differs (null for a revoke) */
  checksum: number | null;
  state: RefundState;
  /** the operator's reason, sent to the PSP */
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

/** The reason the PSP records with a cancel; it ends with the refund's id, which the PSP lists with the cancel. */
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

/** Money reached the PSP for it: paid, or paid and (partly) refunded since. Never for an unverifiable answer. */
export const hasMoney = (p: Snapshot): boolean =>
  !isUnverifiable(p) && (p.status === 'paid' || (p.status === 'cancelled' && p.cancel_amount > 0));

export const isOpenVbank = (p: Snapshot): boolean => !isUnverifiable(p) && p.status === 'ready' && p.method === 'vbank' && Boolean(p.account?.number);

/**
 * A payment may settle its order only through the order's PSP, with exactly the order's amount and currency, and,
 * outside sandbox mode, only if real money moved (a test channel: a buyer can pick a leftover one).
 */
export function isValidFor(order: OrderRecord, p: Snapshot, rules: Rules): boolean {
  return (
    !isUnverifiable(p) &&
    p.provider === order.provider &&
    p.order_id === order.merchant_uid &&
    p.currency === order.currency &&
    p.amount === order.amount &&
    (rules.mode === 'sandbox' || !p.test)
  );
}
