import { z } from 'zod';
import { errorSchema } from '../http/errors.js';
import { orderExample, pendingOrderExample, statusUrlExample } from '../http/openapi-examples.js';
import { storableObject, storableString } from '../http/text.js';
import { ORDER_STATUSES, PROVIDERS, REFUND_STATES } from '../settlement/model.js';
import { orderSchema } from '../views/orders.js';

/** KRW has no minor unit: a whole, positive number of won, at most ten billion. */
const amountSchema = z.number().int('must be an integer number of won').positive().max(10_000_000_000);

const buyerSchema = z
  .object({
    name: storableString().max(100).optional(),
    email: storableString().max(200).optional(),
    tel: storableString().max(50).optional(),
    addr: storableString().max(500).optional(),
    postcode: storableString().max(20).optional(),
  })
  .strict();

export const createOrderBody = z
  .object({
    amount: amountSchema,
    name: storableString().trim().min(1).max(200),
    buyer: buyerSchema.optional(),
    metadata: storableObject().optional(),
    pay_methods: z.array(storableString().min(1).max(30)).max(20).optional(),
    provider: z
      .enum(PROVIDERS)
      .optional()
      .describe("the PSP API the order is paid through: iamport (i'mport V1) or portone (PortOne V2); default DEFAULT_PROVIDER. One this instance is not configured for is a 400 naming the settings it needs"),
  })
  .strict()
  .meta({ examples: [{ amount: 50000, name: 'T-shirt x2', buyer: { name: '홍길동', email: 'buyer@example.com' }, metadata: { cart_id: 'cart_1842' } }] });

export const cancelOrderBody = z
  .object({
    reason: storableString().trim().min(1).max(500),
    amount: amountSchema.optional(),
    refund_holder: storableString().max(50).optional(),
    refund_bank: storableString().max(10).optional(),
    refund_account: storableString().max(50).optional(),
    refund_tel: storableString().max(20).optional(),
  })
  .strict()
  .meta({ examples: [{ reason: 'the buyer returned one shirt', amount: 25000 }] });

export const merchantUidParams = z.object({ merchant_uid: storableString().min(1).max(100) });

export const listOrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const listRefundsQuery = z.object({
  state: z.enum(REFUND_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export const orderPageSchema = z
  .object({ items: z.array(orderSchema), next_cursor: z.string().nullable() })
  .meta({ examples: [{ items: [orderExample, pendingOrderExample], next_cursor: 'b3JkXzBtYnEyazd4M1pxOA' }] });

/** What a route's own handler may refuse with; the statuses every route shares are added by http/openapi-responses.ts. */
export const notFound = { 404: errorSchema };

/** POST /orders' answer: the Order, and the status URL the buyer's browser watches it through. */
export const createdOrderSchema = orderSchema
  .extend({ status_url: z.string().describe("the order's public status URL (signed, expiring) for the buyer's browser: GET it, optionally with ?wait=") })
  .meta({ examples: [{ ...pendingOrderExample, status_url: statusUrlExample }] });
