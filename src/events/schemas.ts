import { z } from 'zod';
import { eventExample } from '../http/openapi-examples.js';
import type { EventType } from '../settlement/facts.js';
import { orderSchema, paymentSchema } from '../views/orders.js';

/**
 * The events as the contract states them: one schema per `type`, in a union discriminated on `type`, served by
 * GET /events and pushed to EVENT_WEBHOOK_URL (openapi.yaml's `webhooks:`). Each event's `data` is the order as it
 * stood right after the change; a `payment.*` event adds the payment it is about.
 */

const paymentEventData = orderSchema
  .extend({ payment: paymentSchema.describe('the payment this event is about') })
  .meta({ id: 'OrderWithPayment', description: 'the order, plus the payment a payment.* event is about' });

/**
 * type → [component name, what it means, whether `data` carries the payment]. Every type the settlement core records
 * must be here (the type-check says so), else GET /events could not serve it.
 */
const EVENT_TYPES = {
  'order.created': ['OrderCreatedEvent', "the order's amount is registered with i'mport: it can be paid", false],
  'order.awaiting_deposit': ['OrderAwaitingDepositEvent', 'a virtual account was issued (data.vbank): the buyer is to deposit into it', false],
  'order.paid': ['OrderPaidEvent', 'the order is paid in full, with its own amount and currency', false],
  'order.partially_cancelled': ['OrderPartiallyCancelledEvent', 'part of the payment was refunded', false],
  'order.cancelled': ['OrderCancelledEvent', 'the payment was refunded in full', false],
  'order.failed': ['OrderFailedEvent', 'the last payment attempt failed; the order can still be paid', false],
  'payment.forgery_detected': ['PaymentForgeryDetectedEvent', "a payment did not match the order (amount, currency, or a test channel); it is refunded unless AUTO_CANCEL_FORGERY=false", true],
  'payment.duplicate_cancelled': ['PaymentDuplicateCancelledEvent', 'a second payment for a settled order was refunded', true],
  'payment.refund_failed': ['PaymentRefundFailedEvent', "i'mport refused an automatic refund: a person must finish it (GET /refunds?state=needs_operator)", true],
  'payment.unverifiable': ['PaymentUnverifiableEvent', "i'mport described a payment in a shape that cannot be verified: never accepted nor refunded automatically", true],
} as const satisfies Record<EventType, readonly [string, string, boolean]>;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

function eventSchemaOf<T extends EventType>(type: T) {
  const [id, description, withPayment] = EVENT_TYPES[type];
  return z
    .object({
      id: z.string().regex(/^\d{1,19}$/).describe('increasing: pass the last one handled as GET /events?after='),
      type: z.literal(type),
      merchant_uid: z.string(),
      created_at: z.string().describe('ISO-8601 UTC'),
      data: withPayment ? paymentEventData : orderSchema,
    })
    .meta({ id, description });
}

const members = EVENT_TYPE_NAMES.map(eventSchemaOf) as [ReturnType<typeof eventSchemaOf>, ...ReturnType<typeof eventSchemaOf>[]];
const mapping = Object.fromEntries(Object.entries(EVENT_TYPES).map(([type, [id]]) => [type, `#/components/schemas/${id}`]));

export const eventSchema = z
  .discriminatedUnion('type', members)
  .meta({
    id: 'Event',
    description: 'an order event: one state change of an order, or a payment it had to deal with',
    discriminator: { propertyName: 'type', mapping },
    examples: [eventExample],
  });
export type OrderEvent = z.infer<typeof eventSchema>;
