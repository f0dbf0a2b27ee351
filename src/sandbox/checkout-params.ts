import { z } from 'zod';
import { isMoney, parseNumber } from './inputs.js';
import { httpUrl } from './new-payment.js';
import { parsePg } from './pg.js';

/** Text the Payment keeps at most `max` characters of (reference: PaymentAnnotation maxLength). */
const cut = (max: number) => z.string().transform((text) => text.slice(0, max));

const amount = z.union([z.number(), z.string()]).transform((value, context) => {
  const parsed = parseNumber(value);
  if (parsed.ok && parsed.value !== undefined && parsed.value > 0) return parsed.value;
  context.addIssue({ code: 'custom', message: 'amount must be a positive number' });
  return z.NEVER;
});

/**
 * What the payment window posts: the payer's choice and request_pay's params (reference: Browser side). Other
 * request_pay params (pay_method, popup, app_scheme, …) are allowed and ignored. m_redirect_url must be an http(s)
 * URL: the window navigates to it, and a `javascript:` one would run on the shop's origin.
 */
export const checkoutSchema = z.object({
  choice: z.enum(['card', 'decline', 'vbank', 'close']),
  params: z
    .looseObject({
      merchant_uid: z.string().min(1).max(40),
      amount,
      currency: z.string().regex(/^[A-Z]{3}$/).default('KRW'),
      name: cut(40).optional(),
      buyer_name: cut(16).optional(),
      buyer_email: cut(64).optional(),
      buyer_tel: cut(16).optional(),
      buyer_addr: cut(128).optional(),
      buyer_postcode: cut(8).optional(),
      custom_data: z.unknown().optional(),
      notice_url: httpUrl.optional(),
      m_redirect_url: httpUrl.optional(),
      pg: z
        .string()
        .optional()
        .refine((pg) => pg === undefined || parsePg(pg) !== undefined, 'pg must be "provider" or "provider.mid"'),
    })
    .refine((p) => isMoney(p.amount, p.currency), { message: 'whole won in KRW, at most cents otherwise', path: ['amount'] }),
});

export type Checkout = z.infer<typeof checkoutSchema>;
