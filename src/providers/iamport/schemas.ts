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

export const PAYMENT_STATUSES = ['ready', 'paid', 'cancelled', 'failed'] as const;

const unixSeconds = z.number().int().nonnegative().catch(0);
/** Free text is informative only: a wrong type never makes a payment unreadable. */
const text = z.string().nullable().optional().catch(null);

/** One (partial) cancel as i'mport lists it; `reason` carries the id of a refund the service sent. */
const cancelEntrySchema = z
  .looseObject({ amount: z.number().catch(0), reason: z.string().nullable().catch(null), cancelled_at: unixSeconds, cancellation_id: text, receipt_url: text })
  .catch({ amount: 0, reason: null, cancelled_at: 0 });
export type CancelEntry = z.infer<typeof cancelEntrySchema>;

/**
 * What the money rules decide on (API.md, Unverifiable answers): each of its documented type, or the payment cannot be
 * verified. Any amount or currency is accepted here (a 12.5 USD payment is a forgery to refund), and the rules compare
 * them exactly; a string "5000", a missing currency or a `sandbox: "true"` is not taken for anything.
 */
const moneyFieldsSchema = z.object({
  merchant_uid: z.string().min(1),
  amount: z.number(),
  cancel_amount: z.number().nonnegative(),
  currency: z.string(),
  status: z.enum(PAYMENT_STATUSES),
  // a payment made through a test channel moved no real money (reference: Reading payments)
  sandbox: z.boolean(),
});

/** The rest of a Payment as i'mport reports it: informative, read leniently. */
const detailsSchema = z.looseObject({
  imp_uid: z.string().min(1),
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
  cancel_history: z.array(cancelEntrySchema).catch([]).optional(),
});

export type IamportPayment = z.infer<typeof detailsSchema> &
  z.infer<typeof moneyFieldsSchema> & {
    /** why the money fields could not be read; then they hold placeholders that no rule may act on */
    unverifiable?: string;
  };

/** Placeholders of an unverifiable payment: no money, no account, nothing to accept or refund. */
const UNREADABLE_MONEY = { amount: 0, cancel_amount: 0, currency: '', status: 'failed', sandbox: false } as const;

const describe = (issues: z.core.$ZodIssue[], value: Record<string, unknown>) =>
  issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(value[String(issue.path[0])]) ?? 'nothing'})`).join('; ');

/**
 * A Payment, or null when it has no imp_uid (nothing to hold it by). A payment whose money fields are missing or of
 * another type is still returned, marked `unverifiable` with its money fields replaced by placeholders, so that it is
 * surfaced instead of failing every read of its order.
 */
export function parsePayment(value: unknown): IamportPayment | null {
  const details = detailsSchema.safeParse(value);
  if (!details.success) return null;
  const money = moneyFieldsSchema.safeParse(value);
  if (money.success) return { ...details.data, ...money.data };
  const raw = value as Record<string, unknown>;
  const merchantUid = typeof raw.merchant_uid === 'string' ? raw.merchant_uid : '';
  return { ...details.data, ...UNREADABLE_MONEY, merchant_uid: merchantUid, unverifiable: describe(money.error.issues, raw) };
}

export const isUnverifiable = (p: IamportPayment): boolean => p.unverifiable !== undefined;

export const preparedSchema = z.object({ merchant_uid: z.string(), amount: z.number() });

/** A page of a payment list (findAll, status lists). */
export const paymentPageSchema = z.object({
  total: z.number().catch(0),
  previous: z.number().catch(0),
  next: z.number().catch(0),
  list: z.array(z.unknown()),
});
