import { z } from 'zod';

/** Every i'mport V1 answer: `code: 0` is success; anything else is a refusal, whatever the HTTP status. */
export const envelopeSchema = z.object({
  code: z.number(),
  message: z.string().nullable().optional(),
  response: z.unknown().optional(),
});

export const tokenSchema = z.object({
  access_token: z.string().min(1),
  now: z.number(),
  expired_at: z.number(),
});

const unixSeconds = z.number().int().nonnegative().catch(0);
const text = z.string().nullable().optional();

export const paymentSchema = z.looseObject({
  imp_uid: z.string().min(1),
  merchant_uid: z.string().min(1),
  amount: z.number().nonnegative(),
  cancel_amount: z.number().nonnegative().default(0),
  currency: z.string().min(1),
  status: z.enum(['ready', 'paid', 'cancelled', 'failed']),
  pay_method: text,
  pg_provider: text,
  pg_tid: text,
  name: text,
  vbank_code: text,
  vbank_name: text,
  vbank_num: text,
  vbank_holder: text,
  vbank_date: unixSeconds.optional(),
  paid_at: unixSeconds.optional(),
  failed_at: unixSeconds.optional(),
  cancelled_at: unixSeconds.optional(),
  fail_reason: text,
  cancel_reason: text,
  receipt_url: text,
});

export type IamportPayment = z.infer<typeof paymentSchema>;

export const preparedSchema = z.object({ merchant_uid: z.string(), amount: z.number() });
