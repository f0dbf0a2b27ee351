import { z } from 'zod';
import { errorSchema } from '../http/errors.js';
import { orderExample, refundExample } from '../http/openapi-examples.js';
import { storableString } from '../http/text.js';
import { orderSchema, refundSchema } from '../views/orders.js';

/** The shapes of what an operator does beside refunding: retry a refund, push events again, and who they are. */

export const refundIdParams = z.object({ refund_id: storableString().min(1).max(100) });
export const eventIdParams = z.object({ event_id: z.string().regex(/^\d{1,18}$/, 'must be an event id') });

/** i'mport wants the account number alone; the hyphens and spaces people write it with are dropped. */
const accountNumber = z
  .string()
  .transform((value) => value.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6,20}$/, 'must be the account number: 6 to 20 digits (hyphens allowed)'));

export const retryBody = z
  .object({
    refund_holder: storableString().trim().min(1).max(50).optional().describe("the account holder's name"),
    refund_bank: z.string().regex(/^[A-Z0-9]{2,4}$/, 'must be a bank code from GET /refund-banks').optional(),
    refund_account: accountNumber.optional(),
    refund_tel: z.string().regex(/^[0-9-]{8,20}$/, 'must be a phone number').optional(),
  })
  .strict()
  .meta({ examples: [{}, { refund_holder: '김지수', refund_bank: '04', refund_account: '123-456-789012' }] });

const retriedExample = { order: orderExample, refund: { ...refundExample, actor: 'ops.kim', attempts: 2 } };
export const retriedSchema = z.object({ order: orderSchema, refund: refundSchema }).meta({ examples: [retriedExample] });

export const banksQuery = z.object({
  pg_provider: z.string().regex(/^[a-z0-9_]{1,32}$/).optional().describe("the payment's pg_provider; unknown or none: the standard codes"),
});
export const banksSchema = z
  .object({ items: z.array(z.object({ code: z.string().describe('what refund_bank takes for this PG'), name: z.string() })) })
  .meta({ examples: [{ items: [{ code: '04', name: 'KB국민은행' }, { code: '88', name: '신한은행' }] }] });

export const resendFailingBody = z
  .object({ endpoint: z.string().min(1).max(2000).describe('an endpoint as GET /attention lists it') })
  .strict()
  .meta({ examples: [{ endpoint: 'https://shop.example.com/hooks/payments' }] });
export const resentSchema = z.object({ resent: z.number().int() }).meta({ examples: [{ resent: 63 }] });

export const whoamiSchema = z.object({ actor: z.string().describe('the operator API_KEYS names for this key') }).meta({ examples: [{ actor: 'ops.kim' }] });

export const errors = { 400: errorSchema, 401: errorSchema, 404: errorSchema, 409: errorSchema, 503: errorSchema };
