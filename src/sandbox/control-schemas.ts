import { z } from 'zod';
import type { IamportPayment } from '../providers/iamport/schemas.js';
import { applyCancel } from './cancel.js';
import { isMoney } from './inputs.js';
import { httpUrl, newPaymentFields } from './new-payment.js';
import { moveTo } from './payment-factory.js';
import { ENDPOINTS, FAULT_KINDS } from './state.js';

/** What the control API takes; unknown fields are refused, so a typo in a test fails it instead of passing. */
export const createSchema = newPaymentFields
  .extend({
    webhook: z.boolean().optional(),
    /** when the PG recorded it (unix s; default now): a payment from days ago, whose times are older than a walk's */
    at: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((p) => isMoney(p.amount, p.currency), { message: 'whole won in KRW, at most cents otherwise', path: ['amount'] });

export const faultSchema = z
  .object({
    kind: z.enum(FAULT_KINDS),
    count: z.number().int().min(1).default(1),
    ms: z.number().int().min(0).max(600_000).optional(),
    endpoint: z.enum(ENDPOINTS).optional(),
  })
  .strict();

export const webhookSchema = z
  .object({
    url: httpUrl.optional(),
    status: z.enum(['ready', 'paid', 'failed', 'cancelled']).optional(),
    times: z.number().int().min(1).max(20).optional(),
    delayMs: z.number().int().min(0).max(600_000).optional(),
  })
  .strict();

export const webhookUrlSchema = z.object({ url: httpUrl.optional() }).strict();

export const actionSchema = z
  .object({
    amount: z.number().positive().optional(),
    reason: z.string().max(200).optional(),
    /** false: change the payment without notifying */
    webhook: z.boolean().optional(),
  })
  .strict();
type ActionBody = z.infer<typeof actionSchema>;

type Action = (payment: IamportPayment, body: ActionBody) => IamportPayment | string;

/**
 * State flips a PG or an operator would cause; a string result is a refusal. Each sends its notification unless the
 * body says `webhook: false`.
 */
export const actions: Record<string, Action> = {
  deposit: (p) => (p.status === 'ready' && p.pay_method === 'vbank' ? moveTo(p, 'paid') : 'only an unpaid virtual account can be deposited'),
  pay: (p) => (p.status === 'ready' || p.status === 'failed' ? moveTo(p, 'paid') : `cannot pay a ${p.status} payment`),
  fail: (p, body) => (p.status === 'ready' ? moveTo(p, 'failed', body.reason) : `cannot fail a ${p.status} payment`),
  cancel: (p, body) => {
    const result = applyCancel(p, { amount: body.amount, reason: body.reason ?? 'PG사 취소' });
    return result.ok ? result.payment : result.message;
  },
};

/**
 * Modifications i'mport makes without a status change and without a notification: they move a payment to the top of
 * `sorting=-updated` while its status times stay as they were (reference: -updated follows every modification).
 */
export const silentActions: Record<string, Action> = {
  'cash-receipt': (p) => ({ ...p, cash_receipt_issued: true }),
};

/**
 * Fields of the answer i'mport gives for a payment, overwritten with anything or left out (a broken answer:
 * `amount: "5000"`, no `sandbox`).
 */
export const overwriteSchema = z.object({ fields: z.record(z.string(), z.unknown()).default({}), remove: z.array(z.string()).default([]) }).strict();

export function overwrite(payment: IamportPayment, { fields, remove }: z.infer<typeof overwriteSchema>): IamportPayment {
  const next: Record<string, unknown> = { ...payment, ...fields };
  for (const field of remove) delete next[field];
  return next as IamportPayment;
}
