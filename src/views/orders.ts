import { z } from 'zod';
import { ORDER_STATUSES, PAYMENT_ROLES, PROVIDERS, REFUND_REASONS, REFUND_STATES, type PaymentRecord, type Provider, type RefundRecord } from '../settlement/model.js';

/**
 * The shapes API.md promises for orders, payments and refunds, and the mapping from what the core stores. The core names
 * a payment source by its id at its PSP; the contract names it as each API does: V1 a payment by its imp_uid, V2 an
 * order's payment by its paymentId (the order's merchant_uid) and each attempt by its transactionId.
 */

const idsOf = (provider: Provider, merchantUid: string, sourceId: string | null) =>
  provider === 'portone'
    ? { imp_uid: null, payment_id: merchantUid, transaction_id: sourceId }
    : { imp_uid: sourceId, payment_id: null, transaction_id: null };

const providerField = z.enum(PROVIDERS).describe("the PSP API the order is paid through: iamport (i'mport V1) or portone (PortOne V2)");
const paymentIdField = z.string().nullable().describe("V2: the PortOne paymentId of the order's payment (its merchant_uid); null for V1");

const vbankSchema = z.object({ num: z.string(), bank_name: z.string(), holder: z.string().nullable(), due_at: z.string().nullable() });

export const orderSchema = z.object({
  merchant_uid: z.string(),
  name: z.string(),
  amount: z.number().int(),
  currency: z.literal('KRW'),
  status: z.enum(ORDER_STATUSES),
  buyer: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  provider: providerField,
  imp_uid: z.string().nullable().describe('V1: the payment accepted for this order; null for V2'),
  payment_id: paymentIdField,
  transaction_id: z.string().nullable().describe('V2: the attempt accepted for this order; null for V1'),
  pay_method: z.string().nullable(),
  pg_provider: z.string().nullable(),
  paid_amount: z.number().int(),
  cancelled_amount: z.number().int(),
  vbank: vbankSchema.nullable(),
  paid_at: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Order = z.infer<typeof orderSchema>;

export const refundSchema = z.object({
  id: z.string(),
  merchant_uid: z.string(),
  imp_uid: z.string().nullable().describe('V1: the payment it refunds or closes; null for V2'),
  transaction_id: z.string().nullable().describe('V2: the attempt it refunds or closes; null for V1'),
  kind: z.enum(['cancel', 'revoke']).describe('cancel: money back through the PSP · revoke: an unpaid virtual account closed'),
  reason: z.enum(REFUND_REASONS),
  state: z.enum(REFUND_STATES),
  amount: z.number(),
  attempts: z.number().int(),
  last_error: z.string().nullable(),
  actor: z.string().nullable().describe('the operator (API_KEYS name) who asked for it, or last asked for it to be carried out again; null: the service on its own'),
  created_at: z.string(),
  completed_at: z.string().nullable(),
});
export type Refund = z.infer<typeof refundSchema>;

export const paymentSchema = z.object({
  provider: providerField,
  imp_uid: z.string().nullable().describe('V1: the payment; null for V2'),
  payment_id: paymentIdField,
  transaction_id: z.string().nullable().describe('V2: the attempt; null for V1'),
  status: z.enum(['ready', 'paid', 'cancelled', 'failed']),
  amount: z.number(),
  currency: z.string(),
  cancel_amount: z.number(),
  pay_method: z.string().nullable(),
  pg_provider: z.string().nullable(),
  sandbox: z.boolean().describe("made through a test channel: no real money moved"),
  role: z.enum(PAYMENT_ROLES),
  refund: z
    .object({
      state: z.enum(['pending', 'done', 'needs_operator']),
      amount: z.number(),
      reason: z.enum(REFUND_REASONS),
      last_error: z.string().nullable(),
      actor: z.string().nullable(),
    })
    .nullable()
    .describe('what the service did of its own to close this payment source'),
  refunds: z.array(refundSchema).describe('every refund or revoke of this payment, operator refunds included'),
  receipt_url: z.string().nullable(),
  paid_at: z.string().nullable(),
  failed_at: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  fail_reason: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;

type Instant = Date | string | null;
const iso = (value: Instant): string | null => (value === null ? null : new Date(value).toISOString());
const unix = (seconds: number | undefined): string | null => (seconds ? new Date(seconds * 1000).toISOString() : null);

interface OrderLike {
  merchant_uid: string;
  provider: Provider;
  name: string;
  amount: number | string;
  status: Order['status'];
  buyer: unknown;
  metadata: unknown;
  source_id: string | null;
  pay_method: string | null;
  pg_provider: string | null;
  paid_amount: number | string;
  cancelled_amount: number | string;
  vbank: Order['vbank'];
  paid_at: Instant;
  cancelled_at: Instant;
  created_at: Date | string;
  updated_at: Date | string;
}

export function toOrderView(row: OrderLike): Order {
  return {
    merchant_uid: row.merchant_uid,
    name: row.name,
    amount: Number(row.amount),
    currency: 'KRW',
    status: row.status,
    buyer: row.buyer as Order['buyer'],
    metadata: row.metadata as Order['metadata'],
    provider: row.provider,
    ...idsOf(row.provider, row.merchant_uid, row.source_id),
    pay_method: row.pay_method,
    pg_provider: row.pg_provider,
    paid_amount: Number(row.paid_amount),
    cancelled_amount: Number(row.cancelled_amount),
    vbank: row.vbank,
    paid_at: iso(row.paid_at),
    cancelled_at: iso(row.cancelled_at),
    created_at: iso(row.created_at)!,
    updated_at: iso(row.updated_at)!,
  };
}

/** `provider`: the PSP of the payment it refunds, which names it. */
export function toRefundView(merchantUid: string, refund: RefundRecord, provider: Provider): Refund {
  const { id, kind, reason, state, amount, attempts, last_error, created_at, completed_at } = refund;
  const { imp_uid, transaction_id } = idsOf(provider, merchantUid, refund.source_id);
  // rows read before 0014 have no actor
  const actor = refund.actor ?? null;
  return { id, merchant_uid: merchantUid, imp_uid, transaction_id, kind, reason, state, amount, attempts, last_error, actor, created_at, completed_at };
}

export function toPaymentView(merchantUid: string, record: PaymentRecord, refunds: RefundRecord[]): Payment {
  const p = record.snapshot;
  const own = refunds.filter((refund) => refund.source_id === record.source_id);
  const automatic = own.filter((refund) => refund.reason !== 'operator' && refund.state !== 'failed').at(-1);
  return {
    provider: p.provider,
    ...idsOf(p.provider, merchantUid, p.source_id),
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    cancel_amount: p.cancel_amount,
    pay_method: p.method,
    pg_provider: p.pg,
    sandbox: p.test,
    role: record.role,
    refund: automatic
      ? { state: automatic.state as 'pending' | 'done' | 'needs_operator', amount: automatic.amount, reason: automatic.reason, last_error: automatic.last_error, actor: automatic.actor ?? null }
      : null,
    refunds: own.map((refund) => toRefundView(merchantUid, refund, p.provider)),
    receipt_url: p.receipt_url,
    paid_at: unix(p.paid_at),
    failed_at: unix(p.failed_at),
    cancelled_at: unix(p.cancelled_at),
    fail_reason: p.fail_reason,
  };
}

/** An event's `data`: the order as it stood right after the change, and the payment a payment.* event is about. */
export function eventDataOf(order: OrderLike, payment: PaymentRecord | undefined, refunds: RefundRecord[]): Record<string, unknown> {
  return { ...toOrderView(order), ...(payment ? { payment: toPaymentView(order.merchant_uid, payment, refunds) } : {}) };
}
