import { z } from 'zod';
import { storableString } from '../http/text.js';
import { ORDER_STATUSES, PAYMENT_ROLES, PROVIDERS, REFUND_STATES } from '../settlement/model.js';
import { orderSchema, paymentSchema, refundSchema } from '../views/orders.js';

/** The shapes of the console's internal endpoints. */

const limit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const cursor = z.string().max(200).optional();
const at = z.string().describe('ISO-8601 UTC');

const kstDate = z.iso.date().describe('a day in KST (Asia/Seoul), YYYY-MM-DD');

/** What the console's orders list and its CSV exports select: the same filter, so an export is what the list shows. */
export const orderFilter = z.object({
  q: storableString().trim().min(1).max(200).optional().describe('a merchant_uid or imp_uid (exact), or the start of a buyer name or email (any case)'),
  status: z.enum(ORDER_STATUSES).optional(),
  from: kstDate.optional().describe('created on or after this day (KST)'),
  to: kstDate.optional().describe('created on or before this day (KST)'),
});
export type OrderFilter = z.infer<typeof orderFilter>;

export const searchQuery = orderFilter.extend({ limit: limit(100, 20), cursor });

export const refundsExportQuery = orderFilter
  .extend({ state: z.enum(REFUND_STATES).optional() })
  .describe('the refunds of the orders q and status select, made from..to (KST)')
  .meta({ examples: [{ from: '2026-05-01', to: '2026-05-31' }] });
export const ordersExportQuery = orderFilter.meta({ examples: [{ status: 'paid', from: '2026-05-01', to: '2026-05-31' }] });

export const receiptsQuery = z.object({
  merchant_uid: storableString().max(100).optional(),
  imp_uid: storableString().max(100).optional(),
  outcome: storableString().max(50).optional().describe('e.g. success, duplicate, unavailable, error, rejected_400'),
  limit: limit(100, 50),
  cursor,
});

export const attentionQuery = z.object({ limit: limit(100, 20) });

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
  entry('psp_cancel', {
    provider: z.enum(PROVIDERS),
    source_id: z.string().describe("the payment's id at its PSP (V1 imp_uid, V2 transactionId)"),
    amount: z.number(),
    reason: z.string().nullable(),
    status: z.enum(['succeeded', 'requested', 'failed']).describe('requested: the PSP carries it out later (V2)'),
    receipt_url: z.string().nullable().describe('http(s) links only'),
  }).describe("a cancel the payment's PSP lists (i'mport's cancel_history, PortOne's cancellations), whoever asked for it"),
  entry('webhook', { receipt: webhookReceiptSchema }),
  entry('refund', { refund: refundSchema.extend({ note: z.string().nullable().describe("the operator's reason") }) }),
  entry('event', { id: z.string(), type: z.string(), data: z.record(z.string(), z.unknown()).describe('the payload as pushed and served by GET /events') }),
  entry('operator', {
    action: z.enum(['sync', 'resend', 'refund_retry']),
    actor: z.string().describe('the operator (API_KEYS name)'),
    subject: z.string().nullable().describe('the event pushed again, or the refund carried out again'),
    detail: z.record(z.string(), z.unknown()),
  }).describe('what a person did besides refunding: synced with i\'mport, pushed an event again, carried a refund out again'),
]);
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const timelineSchema = z.object({
  order: orderSchema,
  items: z.array(timelineEntrySchema).describe('oldest first'),
  webhooks_omitted: z.number().int().describe('older webhook deliveries left out (the newest 100 are listed)'),
  money_held: z.number().describe("won i'mport holds for this order that wait for a person: refunds i'mport refused, and money no refund carries"),
});

export const receiptIdParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'must be a receipt id') });
export const receiptWithBodySchema = webhookReceiptSchema.extend({
  body: z.unknown().describe('the body as received (cut, and marked so, when it was long)'),
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
  refund_state: z.enum(REFUND_STATES).nullable().describe('its latest refund: pending is the service at work; needs_operator waits for a person'),
});

export const inboxRefundSchema = refundSchema.extend({
  note: z.string().nullable().describe("the operator's reason"),
  pay_method: z.string().nullable().describe("the payment's: a deposited vbank is refunded to the buyer's account"),
  pg_provider: z.string().nullable().describe('which bank codes refund_bank takes (GET /refund-banks)'),
});

export const pushGroupSchema = z.object({
  endpoint: z.string().describe("where the pushes were sent, without credentials or query ('' before this was recorded)"),
  failing: z.number().int().describe('events not delivered there: retried, or given up'),
  given_up: z.number().int(),
  last_attempt_at: at.nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
});

export const inboxWebhookSchema = webhookReceiptSchema.extend({
  resolved: z.boolean().describe('a later delivery of the payment was applied, or its order was changed or re-checked since'),
});

const section = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number().int(), items: z.array(item), next_cursor: z.string().nullable().describe('GET /attention/{list}?cursor= for the next page') });

export const refundsSection = section(inboxRefundSchema);
export const heldSection = section(heldPaymentSchema);
export const pushesSection = section(pushGroupSchema).extend({ events: z.number().int().describe('failing events across all endpoints') });
export const webhooksSection = section(inboxWebhookSchema).extend({ unresolved: z.number().int() });

export const attentionSchema = z.object({
  waiting: z.number().int().describe("things waiting for a person: refunds to finish, held money no refund carries, failing pushes (events), unresolved webhooks"),
  refunds: refundsSection.describe("refunds i'mport refused, for a person to finish (POST /refunds/{id}/retry)"),
  held: heldSection.describe("payments i'mport reports paid that are not their order's payment: money held until refunded"),
  pushes: pushesSection.describe('event pushes to EVENT_WEBHOOK_URL failing (retried) or given up, by endpoint (POST /event-deliveries/resend)'),
  webhooks: webhooksSection.describe("i'mport webhooks of the last 24 hours answered 503 (unavailable) or 500 (error), resolved or not"),
});

export const INBOX_LISTS = ['refunds', 'held', 'pushes', 'webhooks'] as const;
export const attentionListParams = z.object({ list: z.enum(INBOX_LISTS) });
export const attentionListQuery = z.object({ limit: limit(100, 20), cursor: z.string().max(3000).optional() });
export const attentionListSchema = z.union([refundsSection, heldSection, pushesSection, webhooksSection]);

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
  waiting: z.number().int().describe('the inbox count: things waiting for a person (GET /attention)'),
});

export const receiptPageSchema = z.object({ items: z.array(webhookReceiptSchema), next_cursor: z.string().nullable() });

