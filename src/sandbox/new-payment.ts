import { z } from 'zod';

/** `http:` or `https:` only: a `javascript:` or `data:` URL must never be followed or called. */
export const httpUrl = z.url({ protocol: /^https?$/ });

/** A PG code as i'mport writes pg_provider (reference: maxLength 16), e.g. html5_inicis, kcp, tosspayments, jtnet. */
const pgProvider = z.string().regex(/^[a-z0-9_]{1,16}$/);

/** A payment as the PG records it, in the reference's field limits (PaymentAnnotation maxLength). */
export const newPaymentFields = z.object({
  merchant_uid: z.string().min(1).max(40),
  amount: z.number().positive(),
  status: z.enum(['ready', 'paid', 'failed', 'cancelled']).optional(),
  pay_method: z.enum(['card', 'vbank', 'trans']).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  name: z.string().max(40).optional(),
  buyer_name: z.string().max(16).optional(),
  buyer_email: z.string().max(64).optional(),
  buyer_tel: z.string().max(16).optional(),
  buyer_addr: z.string().max(128).optional(),
  buyer_postcode: z.string().max(8).optional(),
  custom_data: z.unknown().optional(),
  notice_url: httpUrl.optional(),
  fail_reason: z.string().max(200).optional(),
  channel: z.enum(['pc', 'mobile', 'api']).optional(),
  pg_provider: pgProvider.optional(),
  pg_id: z.string().min(1).max(80).optional(),
  /** a payment through a test channel (default); false stages a real one for a service in live mode */
  sandbox: z.boolean().optional(),
});

export type NewPayment = z.infer<typeof newPaymentFields>;
export type SandboxStatus = NonNullable<NewPayment['status']>;
