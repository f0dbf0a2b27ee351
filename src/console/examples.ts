import type { z } from 'zod';
import { orderExample, paymentExample, refundExample } from '../http/openapi-examples.js';
import type { attentionSchema, receiptPageSchema, receiptWithBodySchema, statusSchema, timelineSchema } from './schemas.js';

/** Examples of the console's answers in openapi.yaml, typed by their schemas so a change of shape fails the type-check. */

const receipt = {
  id: '812',
  received_at: '2026-05-04T01:03:11.000Z',
  source_ip: '52.78.100.19',
  imp_uid: paymentExample.imp_uid,
  merchant_uid: orderExample.merchant_uid,
  status: 'paid',
  outcome: 'success',
} satisfies z.infer<typeof receiptPageSchema>['items'][number];

export const timelineExample = {
  order: orderExample,
  items: [
    { kind: 'created', at: orderExample.created_at, amount: orderExample.amount, name: orderExample.name },
    { kind: 'payment', at: '2026-05-04T01:03:10.000Z', payment: paymentExample },
    { kind: 'webhook', at: receipt.received_at, receipt },
    { kind: 'refund', at: refundExample.created_at, refund: { ...refundExample, note: null } },
    { kind: 'event', at: '2026-05-04T01:03:11.000Z', id: '42', type: 'order.paid', data: orderExample },
    { kind: 'operator', at: '2026-05-04T01:09:00.000Z', action: 'sync', actor: 'ops.kim', subject: null, detail: { status: 'paid' } },
  ],
  webhooks_omitted: 0,
  money_held: 0,
} satisfies z.infer<typeof timelineSchema>;

export const receiptWithBodyExample = {
  ...receipt,
  body: { imp_uid: paymentExample.imp_uid, merchant_uid: orderExample.merchant_uid, status: 'paid' },
} satisfies z.infer<typeof receiptWithBodySchema>;

export const receiptPageExample = { items: [receipt], next_cursor: null } satisfies z.infer<typeof receiptPageSchema>;

export const attentionExample = {
  waiting: 3,
  refunds: {
    total: 1,
    items: [{ ...refundExample, state: 'needs_operator', attempts: 1, last_error: '가상계좌 환불은 환불계좌 정보가 필요합니다.', completed_at: null, note: null, pay_method: 'vbank', pg_provider: 'html5_inicis' }],
    next_cursor: null,
  },
  held: {
    total: 1,
    items: [
      { merchant_uid: orderExample.merchant_uid, order_status: 'paid', imp_uid: refundExample.imp_uid, role: 'duplicate', amount: 50000, cancel_amount: 0, pay_method: 'vbank', updated_at: '2026-05-04T01:05:00.000Z', refund_state: 'needs_operator' },
    ],
    next_cursor: null,
  },
  pushes: {
    total: 1,
    events: 2,
    items: [{ endpoint: 'https://shop.example.com/hooks/payments', failing: 2, given_up: 0, last_attempt_at: '2026-05-04T01:06:00.000Z', last_status_code: 500, last_error: null }],
    next_cursor: null,
  },
  webhooks: { total: 1, unresolved: 0, items: [{ ...receipt, id: '813', outcome: 'unavailable', resolved: true }], next_cursor: null },
} satisfies z.infer<typeof attentionSchema>;

export const statusExample = {
  iamport: { last_success_at: '2026-05-04T01:05:01.000Z', last_error_at: null, last_error: null },
  sweeper: { enabled: true, interval_ms: 60000, last_pass: { at: '2026-05-04T01:05:30.000Z', claimed: 3, checked: 3, changed: 1, errors: 0 }, paid_recheck_finished_at: '2026-05-04T01:00:00.000Z' },
  outbox: { push: true, backlog: 0, oldest_undelivered_at: null },
  orders_needing_operator: 1,
  waiting: 3,
} satisfies z.infer<typeof statusSchema>;
