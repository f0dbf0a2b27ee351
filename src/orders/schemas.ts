import { z } from 'zod';
import { errorSchema } from '../http/errors.js';
import { buyerSchema, ORDER_STATUSES, orderSchema } from './model.js';

/** KRW has no minor unit: a whole, positive number of won, at most ten billion. */
export const amountSchema = z.number().int('must be an integer number of won').positive().max(10_000_000_000);

export const createOrderBody = z
  .object({
    amount: amountSchema,
    name: z.string().trim().min(1).max(200),
    buyer: buyerSchema.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    pay_methods: z.array(z.string().min(1).max(30)).max(20).optional(),
  })
  .strict();

export const cancelOrderBody = z
  .object({
    reason: z.string().trim().min(1).max(500),
    amount: amountSchema.optional(),
    refund_holder: z.string().max(50).optional(),
    refund_bank: z.string().max(10).optional(),
    refund_account: z.string().max(50).optional(),
  })
  .strict();

export const merchantUidParams = z.object({ merchant_uid: z.string().min(1).max(100) });

export const listOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const orderPageSchema = z.object({ items: z.array(orderSchema), next_cursor: z.string().nullable() });

export const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema, 503: errorSchema };
