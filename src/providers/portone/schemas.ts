import { z } from 'zod';

/**
 * PortOne V2's answers as the service reads them (reference: portone-v2.openapi.yml, Payment, PaymentTransaction,
 * PaymentCancellation). The money fields are read strictly: each of its documented type, or the payment cannot be
 * verified. Everything else is informative and read leniently: a wrong type becomes absent, never a failure.
 */

export const PAYMENT_STATUSES = ['READY', 'PAY_PENDING', 'VIRTUAL_ACCOUNT_ISSUED', 'PAID', 'FAILED', 'PARTIAL_CANCELLED', 'CANCELLED'] as const;
export type PortOneStatus = (typeof PAYMENT_STATUSES)[number];
export const CANCELLATION_STATUSES = ['REQUESTED', 'SUCCEEDED', 'FAILED'] as const;

/** int64 in the currency's minor unit, as JSON carries it safely */
const minorUnits = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const text = z.string().optional().catch(undefined);
const optionalNumber = z.number().int().optional().catch(undefined);

/** One cancellation: its id, status and amount are what refunds are matched by, so they are money fields. */
const cancellationSchema = z.object({
  id: z.string().min(1),
  status: z.enum(CANCELLATION_STATUSES),
  totalAmount: minorUnits,
  reason: text,
  requestedAt: text,
  cancelledAt: text,
  trigger: text,
  pgCancellationId: text,
});
export type PortOneCancellation = z.infer<typeof cancellationSchema>;

const virtualAccountSchema = z.looseObject({
  type: z.literal('PaymentMethodVirtualAccount'),
  bank: text,
  accountNumber: text,
  remitteeName: text,
  expiredAt: text,
  issuedAt: text,
});
/** The method: a virtual account's details, or any other method by its type name. */
const methodSchema = z
  .union([virtualAccountSchema, z.looseObject({ type: z.string() })])
  .optional()
  .catch(undefined);

/** SelectedChannel: its type tells a test payment (TEST) from a real one (LIVE). */
const channelSchema = z.object({ type: z.enum(['LIVE', 'TEST']), key: text, id: text, pgProvider: text, pgMerchantId: text });

const moneySchema = z
  .object({
    status: z.enum(PAYMENT_STATUSES),
    amount: z.object({ total: minorUnits, cancelled: minorUnits, paid: optionalNumber, discount: optionalNumber, taxFree: optionalNumber }),
    currency: z.string().min(1),
    channel: channelSchema.optional(),
    cancellations: z.array(cancellationSchema).optional(),
  })
  // a payment that reached a channel names its type (required on every status but READY and FAILED)
  .refine((p) => p.channel !== undefined || p.status === 'READY' || p.status === 'FAILED', { message: 'channel is required', path: ['channel'] });

const detailsSchema = z.object({
  transactionId: text,
  storeId: text,
  orderName: text,
  customData: text,
  method: methodSchema,
  pgTxId: text,
  requestedAt: text,
  updatedAt: text,
  statusChangedAt: text,
  paidAt: text,
  cancelledAt: text,
  failedAt: text,
  failure: z.object({ reason: text, pgCode: text, pgMessage: text }).optional().catch(undefined),
  version: text,
});

type Money = z.infer<typeof moneySchema>;
type Details = z.infer<typeof detailsSchema>;

/** A payment (or one attempt) whose money fields were read as documented. */
export type PortOnePayment = Details &
  Omit<Money, 'cancellations'> & {
    /** the paymentId (for an attempt: its paymentId, while `transactionId` is the attempt's own id) */
    id: string;
    cancellations: PortOneCancellation[];
    unverifiable?: undefined;
  };

/** An answer for a payment whose money fields are missing or of another type: nothing may be decided on it. */
export interface UnverifiablePayment {
  id: string;
  transactionId?: string;
  /** which fields were wrong, with what was received */
  unverifiable: string;
}

export type ReadPayment = PortOnePayment | UnverifiablePayment;
export const isUnverifiable = (payment: ReadPayment): payment is UnverifiablePayment => payment.unverifiable !== undefined;

function describe(issues: z.core.$ZodIssue[], value: unknown): string {
  const at = (path: PropertyKey[]) => path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), value);
  return issues.map((issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(at(issue.path)) ?? 'nothing'})`).join('; ');
}

/**
 * A Payment (or, with `asAttempt`, a PaymentTransaction, whose `id` is the attempt's and `paymentId` the payment's),
 * or an unverifiable one. `fallbackId` names it when the answer does not (GET /payments/{paymentId} knows the id it
 * asked for); without either, null: nothing to hold it by.
 */
export function parsePayment(value: unknown, fallbackId?: string, asAttempt = false): ReadPayment | null {
  const raw = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const ownId = asAttempt ? raw.paymentId : raw.id;
  const id = typeof ownId === 'string' && ownId !== '' ? ownId : fallbackId;
  if (!id) return null;
  const transactionId = typeof (asAttempt ? raw.id : raw.transactionId) === 'string' ? ((asAttempt ? raw.id : raw.transactionId) as string) : undefined;
  const money = moneySchema.safeParse(raw);
  if (!money.success) return { id, ...(transactionId ? { transactionId } : {}), unverifiable: describe(money.error.issues, raw) };
  const details = detailsSchema.parse(raw);
  return { ...details, ...money.data, id, transactionId, cancellations: money.data.cancellations ?? [] };
}

export const cancelAnswerSchema = z.object({ cancellation: cancellationSchema });
export const closeAnswerSchema = z.object({ closedAt: z.string().min(1) });
export const itemsSchema = z.object({ items: z.array(z.unknown()) });
export const errorSchema = z.object({ type: z.string().min(1), message: z.string().optional().catch(undefined), pgCode: text, pgMessage: text });

/** A webhook body of version 2024-04-25, read leniently: unknown types and fields are the caller's to ignore. */
export const webhookSchema = z.object({
  type: z.string().min(1),
  timestamp: text,
  data: z
    .object({ storeId: text, paymentId: text, transactionId: text, cancellationId: text })
    .catch({ storeId: undefined, paymentId: undefined, transactionId: undefined, cancellationId: undefined }),
});
export type PortOneWebhookEvent = z.infer<typeof webhookSchema>;
