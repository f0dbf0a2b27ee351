import { z } from 'zod';
import type { OrderRow } from '../db/schema.js';

export const ORDER_STATUSES = ['pending', 'awaiting_deposit', 'paid', 'partially_cancelled', 'cancelled', 'failed'] as const;

export const buyerSchema = z
  .object({
    name: z.string().max(100).optional(),
    email: z.string().max(200).optional(),
    tel: z.string().max(50).optional(),
    addr: z.string().max(500).optional(),
    postcode: z.string().max(20).optional(),
  })
  .strict();

export const orderSchema = z.object({
  merchant_uid: z.string(),
  name: z.string(),
  amount: z.number().int(),
  currency: z.literal('KRW'),
  status: z.enum(ORDER_STATUSES),
  buyer: buyerSchema,
  metadata: z.record(z.string(), z.unknown()),
  imp_uid: z.string().nullable(),
  pay_method: z.string().nullable(),
  pg_provider: z.string().nullable(),
  paid_amount: z.number().int(),
  cancelled_amount: z.number().int(),
  vbank: z.object({ num: z.string(), bank_name: z.string(), holder: z.string().nullable(), due_at: z.string().nullable() }).nullable(),
  paid_at: z.string().nullable(),
  cancelled_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export type Order = z.infer<typeof orderSchema>;

const iso = (value: Date | null) => (value ? value.toISOString() : null);

export function toOrder(row: OrderRow): Order {
  return {
    merchant_uid: row.merchant_uid,
    name: row.name,
    amount: Number(row.amount),
    currency: 'KRW',
    status: row.status,
    buyer: row.buyer,
    metadata: row.metadata,
    imp_uid: row.imp_uid,
    pay_method: row.pay_method,
    pg_provider: row.pg_provider,
    paid_amount: Number(row.paid_amount),
    cancelled_amount: Number(row.cancelled_amount),
    vbank: row.vbank,
    paid_at: iso(row.paid_at),
    cancelled_at: iso(row.cancelled_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
