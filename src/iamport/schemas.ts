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
/** Free text is informative only: a wrong type never makes a payment unreadable. */
const text = z.string().nullable().optional().catch(null);

/**
 * A Payment as i'mport reports it. Only what the money rules need is strict; any amount or currency is accepted here
 * (a 12.5 USD payment is a forgery to refund, not an unreadable answer), and the rules compare them exactly.
 */
export const paymentSchema = z.looseObject({
  imp_uid: z.string().min(1),
  merchant_uid: z.string().min(1),
  amount: z.number(),
  cancel_amount: z.number().default(0).catch(0),
  currency: z.string().catch(''),
  status: z.enum(['ready', 'paid', 'cancelled', 'failed']),
  // a payment made through a test channel moved no real money (reference: Reading payments)
  sandbox: z.boolean().default(false).catch(false),
  pay_method: text,
  pg_provider: text,
  pg_tid: text,
  name: text,
  vbank_code: text,
  vbank_name: text,
  vbank_num: text,
  vbank_holder: text,
  vbank_date: unixSeconds.optional(),
  vbank_issued_at: unixSeconds.optional(),
  started_at: unixSeconds.optional(),
  paid_at: unixSeconds.optional(),
  failed_at: unixSeconds.optional(),
  cancelled_at: unixSeconds.optional(),
  fail_reason: text,
  cancel_reason: text,
  receipt_url: text,
  cancel_history: z.array(z.unknown()).catch([]).optional(),
});

export type IamportPayment = z.infer<typeof paymentSchema>;

export const preparedSchema = z.object({ merchant_uid: z.string(), amount: z.number() });

/** A page of a payment list (findAll, status lists). */
export const paymentPageSchema = z.object({
  total: z.number().catch(0),
  previous: z.number().catch(0),
  next: z.number().catch(0),
  list: z.array(z.unknown()),
});
