import { z } from 'zod';
import { storableString } from '../http/text.js';
import { ORDER_STATUSES, PAYMENT_ROLES } from '../settlement/model.js';
import { orderSchema, paymentSchema, refundSchema } from '../settlement/views.js';

/** The shapes of the console's internal endpoints. */

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const cursor = z.string().max(200).optional();
const at = z.string().describe('ISO-8601 UTC');

export const searchQuery = z.object({
  q: storableString().trim().min(1).max(200).describe('a merchant_uid or imp_uid (exact), or the start of a buyer name or email (any case)'),
  status: z.enum(ORDER_STATUSES).optional(),
  limit: limit(100, 20),
  cursor,
});

export const receiptsQuery = z.object({
  merchant_uid: storableString().max(100).optional(),
  imp_uid: storableString().max(100).optional(),
  outcome: storableString().max(50).optional().describe('e.g. success, duplicate, unavailable, error, rejected_400'),
  limit: limit(100, 50),
  cursor,
});

export const attentionQuery = z.object({ limit: limit(100, 50) });

const webhookReceiptSchema = z.object({
  id: z.string(),
  received_at: at,
  source_ip: z.string(),
  imp_uid: z.string().nullable(),
  merchant_uid: z.string().nullable(),
  status: z.string().nullable().describe("the status the delivery claimed (a hint: the truth is read from i'mport)"),
  outcome: z.string().describe('received (still running), a verification outcome, unavailable (answered 503), error, or rejected_<HTTP status>'),
});
export type WebhookReceipt = z.infer<typeof webhookReceiptSchema>;

const entry = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) => z.object({ kind: z.literal(kind), at, ...shape });

const timelineEntrySchema = z.discriminatedUnion('kind', [
  entry('created', { amount: z.number().int(), name: z.string() }),
  entry('payment', { payment: paymentSchema }),
  entry('iamport_cancel', {
    imp_uid: z.string(),
    amount: z.number(),
    reason: z.string().nullable(),
    receipt_url: z.string().nullable().describe('http(s) links only'),
  }).describe("a cancel i'mport lists in the payment's cancel_history, whoever asked for it"),
  entry('webhook', { receipt: webhookReceiptSchema }),
  entry('refund', { refund: refundSchema.extend({ note: z.string().nullable().describe("the operator's reason") }) }),
  entry('event', { id: z.string(), type: z.string() }),
]);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineSchema = z.object({
  order: orderSchema,
  items: z.array(timelineEntrySchema).describe('oldest first'),
  webhooks_omitted: z.number().int().describe('older webhook deliveries left out (the newest 100 are listed)'),
});

export const heldPaymentSchema = z.object({
  merchant_uid: z.string(),
  order_status: z.enum(ORDER_STATUSES),
  imp_uid: z.string(),
  role: z.enum(PAYMENT_ROLES),
  amount: z.number(),
  cancel_amount: z.number(),
  pay_method: z.string().nullable(),
  updated_at: at,
});

export const failingDeliverySchema = z.object({
  event_id: z.string(),
  merchant_uid: z.string(),
  type: z.string(),
  attempts: z.number().int(),
  gave_up_at: at.nullable(),
  last_attempt_at: at,
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
});

export const attentionSchema = z.object({
  paid_not_settled: z.array(heldPaymentSchema).describe("payments i'mport reports paid that are not their order's payment: money held until refunded"),
  failing_deliveries: z.array(failingDeliverySchema).describe('events whose push to EVENT_WEBHOOK_URL failed and is retried, or was given up'),
  failed_webhooks: z.array(webhookReceiptSchema).describe("i'mport webhooks answered 503 (unavailable) or 500 (error) in the last hour"),
});

export const statusSchema = z.object({
  iamport: z.object({
    last_success_at: at.nullable(),
    last_error_at: at.nullable(),
    last_error: z.string().nullable(),
  }).describe("what this instance last saw of i'mport (per instance, in memory)"),
  sweeper: z.object({
    enabled: z.boolean(),
    interval_ms: z.number().int(),
    last_pass: z.object({ at, claimed: z.number().int(), checked: z.number().int(), changed: z.number().int(), errors: z.number().int() }).nullable().describe("this instance's last pass"),
    paid_recheck_finished_at: at.nullable().describe("the last paid re-check against i'mport's recent changes, by any instance"),
  }),
  outbox: z.object({ push: z.boolean(), backlog: z.number().int(), oldest_undelivered_at: at.nullable() }),
  orders_needing_operator: z.number().int(),
});

export const receiptPageSchema = z.object({ items: z.array(webhookReceiptSchema), next_cursor: z.string().nullable() });

