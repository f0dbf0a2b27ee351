import { z } from 'zod';
import { httpUrl } from '../new-payment.js';
import { STATUSES } from './model.js';
import { currencyCode } from './rest-inputs.js';
import { ENDPOINTS, FAULT_KINDS } from './state.js';
import { WEBHOOK_TYPES } from './webhooks.js';

const money = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** RFC 3339, or unix seconds as the V1 control API takes them */
const instant = z.union([z.iso.datetime({ offset: true }), z.number().int().min(0)]).transform((value) => new Date(typeof value === 'number' ? value * 1000 : value).toISOString());

/** What the control API takes; unknown fields are refused, so a typo in a test fails it instead of passing. */
export const createSchema = z
  .strictObject({
    paymentId: z.string().min(1).max(200),
    /** in the currency's minor unit (KRW ×1, USD ×100) */
    amount: money,
    currency: currencyCode.default('KRW'),
    taxFreeAmount: z.number().int().min(0).optional(),
    status: z.enum(STATUSES).default('PAID'),
    channel: z.enum(['LIVE', 'TEST']).default('TEST'),
    /** default: VIRTUAL_ACCOUNT for an issued account, else CARD */
    method: z.enum(['CARD', 'VIRTUAL_ACCOUNT']).optional(),
    /** what a PARTIAL_CANCELLED payment had cancelled (default: half) */
    cancelledAmount: money.optional(),
    orderName: z.string().min(1).max(200).optional(),
    customer: z.strictObject({ id: z.string().optional(), name: z.string().optional(), email: z.string().optional(), phoneNumber: z.string().optional() }).optional(),
    customData: z.unknown().optional(),
    noticeUrls: z.array(httpUrl).max(5).optional(),
    failureReason: z.string().max(200).optional(),
    accountValidHours: z.number().int().min(1).max(2160).optional(),
    /** send the webhook of the status it was created in */
    webhook: z.boolean().optional(),
    /** when PortOne recorded it (default now): a payment from days ago, older than a walk's window */
    at: instant.optional(),
  })
  .refine((p) => !(p.status === 'VIRTUAL_ACCOUNT_ISSUED' && p.method === 'CARD'), { message: 'an issued account is a VIRTUAL_ACCOUNT payment', path: ['method'] })
  .refine((p) => p.cancelledAmount === undefined || (p.status === 'PARTIAL_CANCELLED' && p.cancelledAmount < p.amount), {
    message: 'cancelledAmount belongs to a PARTIAL_CANCELLED payment and stays below amount',
    path: ['cancelledAmount'],
  });
export type CreateInput = z.infer<typeof createSchema>;

export const actionSchema = z.strictObject({
  /** the attempt to act on (default: the newest one the action applies to) */
  transactionId: z.string().optional(),
  amount: money.optional(),
  reason: z.string().min(1).max(200).optional(),
  /** false: change the payment without a webhook */
  webhook: z.boolean().optional(),
});
export type ActionInput = z.infer<typeof actionSchema>;

export const asyncCancelsSchema = z.strictObject({ enabled: z.boolean() });

export const completeCancelSchema = z.strictObject({
  cancellationId: z.string().optional(),
  /** the PG refused the cancel: it ends FAILED and the money stays */
  fail: z.boolean().optional(),
  webhook: z.boolean().optional(),
});

/** Dotted paths of the answer (`amount.total`, `channel.type`) set to anything, or removed: a broken answer. */
export const overwriteSchema = z.strictObject({
  fields: z.record(z.string().min(1), z.unknown()).default({}),
  remove: z.array(z.string().min(1)).default([]),
});

export const webhookSchema = z.strictObject({
  type: z.enum(WEBHOOK_TYPES).optional(),
  transactionId: z.string().optional(),
  cancellationId: z.string().optional(),
  url: httpUrl.optional(),
  times: z.number().int().min(1).max(20).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
});
export type WebhookInput = z.infer<typeof webhookSchema>;

export const webhookFaultSchema = z.strictObject({
  kind: z.enum(['drop', 'delay']),
  count: z.number().int().min(1).default(1),
  ms: z.number().int().min(0).max(600_000).optional(),
});

export const faultSchema = z.strictObject({
  kind: z.enum(FAULT_KINDS),
  count: z.number().int().min(1).default(1),
  ms: z.number().int().min(0).max(600_000).optional(),
  endpoint: z.enum(ENDPOINTS).optional(),
});

export const webhookUrlSchema = z.strictObject({ url: httpUrl.optional() });
