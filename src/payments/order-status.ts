import { z } from 'zod';
import { ORDER_STATUSES, type SettlementState } from '../settlement/model.js';
import { orderSchema } from '../views/orders.js';
import { BUYER_OUTCOMES, buyerOutcomeOf } from './buyer-outcome.js';

export const orderStatusSchema = z
  .object({
    status: z.enum(ORDER_STATUSES),
    amount: z.number().int(),
    paid_amount: z.number().int(),
    cancelled_amount: z.number().int(),
    vbank: orderSchema.shape.vbank,
    updated_at: z.string(),
    outcome: z.enum(BUYER_OUTCOMES).describe('what the buyer should be told, in one word'),
    version: z.number().int().describe('grows with every change of the order; pass it back as `version` to wait for the next one'),
  })
  .meta({
    examples: [
      {
        status: 'awaiting_deposit',
        amount: 50000,
        paid_amount: 0,
        cancelled_amount: 0,
        vbank: { num: 'T12345678', bank_name: 'KB국민은행', holder: '（주）상점', due_at: '2026-05-07T14:59:59.000Z' },
        updated_at: '2026-05-04T01:03:11.000Z',
        outcome: 'awaiting_deposit',
        version: 2,
      },
    ],
  });
export type OrderStatusBody = z.infer<typeof orderStatusSchema>;

/** What a browser holding the order's status URL may see: the money state, nothing of the buyer or metadata. */
export function orderStatusOf(state: SettlementState): OrderStatusBody {
  const { order } = state;
  return {
    status: order.status,
    amount: Number(order.amount),
    paid_amount: Number(order.paid_amount),
    cancelled_amount: Number(order.cancelled_amount),
    vbank: order.vbank,
    updated_at: new Date(order.updated_at).toISOString(),
    outcome: buyerOutcomeOf(state),
    version: order.version,
  };
}
