import { z } from 'zod';
import { ORDER_STATUSES, PAYMENT_ROLES, REFUND_REASONS, REFUND_STATES, type PaymentRecord, type RefundRecord } from './model.js';

/** The shapes API.md promises for orders, payments and refunds, and the mapping from what the core stores. */

const vbankSchema = z.object({ num: z.string(), bank_name: z.string(), holder: z.string().nullable(), due_at: z.string().nullable() });

export const orderSchema = z.object({
  merchant_uid: z.string(),
  name: z.string(),
  amount: z.number().int(),
  currency: z.literal('KRW'),
  status: z.enum(ORDER_STATUSES),
  buyer: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  imp_uid: z.string().nullable().describe('the payment accepted for this order'),
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
  imp_uid: z.string(),
  kind: z.enum(['cancel', 'revoke']).describe("cancel: money back through i'mport · revoke: an unpaid virtual account closed"),
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
  imp_uid: z.string(),
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
  name: string;
  amount: number | string;
  status: Order['status'];
  buyer: unknown;
  metadata: unknown;
  imp_uid: string | null;
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
    imp_uid: row.imp_uid,
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

export function toRefundView(merchantUid: string, refund: RefundRecord): Refund {
  const { id, imp_uid, kind, reason, state, amount, attempts, last_error, created_at, completed_at } = refund;
  // rows read before 0014 have no actor
  const actor = refund.actor ?? null;
  return { id, merchant_uid: merchantUid, imp_uid, kind, reason, state, amount, attempts, last_error, actor, created_at, completed_at };
}

export function toPaymentView(merchantUid: string, record: PaymentRecord, refunds: RefundRecord[]): Payment {
  const p = record.snapshot;
  const own = refunds.filter((refund) => refund.imp_uid === record.imp_uid);
  const automatic = own.filter((refund) => refund.reason !== 'operator' && refund.state !== 'failed').at(-1);
  return {
    imp_uid: p.imp_uid,
    status: p.status,
    amount: p.amount,
    currency: p.currency,
    cancel_amount: p.cancel_amount,
    pay_method: p.pay_method ?? null,
    pg_provider: p.pg_provider ?? null,
    sandbox: p.sandbox,
    role: record.role,
    refund: automatic
      ? { state: automatic.state as 'pending' | 'done' | 'needs_operator', amount: automatic.amount, reason: automatic.reason, last_error: automatic.last_error, actor: automatic.actor ?? null }
      : null,
    refunds: own.map((refund) => toRefundView(merchantUid, refund)),
    receipt_url: p.receipt_url ?? null,
    paid_at: unix(p.paid_at),
    failed_at: unix(p.failed_at),
    cancelled_at: unix(p.cancelled_at),
    fail_reason: p.fail_reason ?? null,
  };
}
