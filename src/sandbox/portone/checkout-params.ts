import { z } from 'zod';
import { httpUrl } from '../new-payment.js';
import { currencyCode } from './rest-inputs.js';

/** The SDK writes currencies with a prefix too (`CURRENCY_KRW`, checkout guide); REST uses the bare code. */
const currency = z
  .string()
  .transform((value) => value.replace(/^CURRENCY_/, ''))
  .pipe(currencyCode);

/**
 * requestPayment's parameters as far as the simulator uses them (reference: browser SDK, PaymentRequest). The others
 * (windowType, locale, products, bypass, …) are accepted and ignored, as a PG that does not use them would.
 */
export const paymentRequest = z.looseObject({
  storeId: z.string().min(1),
  paymentId: z.string().min(1).max(200),
  orderName: z.string().min(1).max(200),
  /** in the currency's minor unit (KRW ×1, USD ×100) */
  totalAmount: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  currency,
  payMethod: z.enum(['CARD', 'VIRTUAL_ACCOUNT'], { message: 'the sandbox pays by CARD or VIRTUAL_ACCOUNT' }),
  channelKey: z.string().optional(),
  channelGroupId: z.string().optional(),
  taxFreeAmount: z.number().int().min(0).optional(),
  customer: z
    .looseObject({
      customerId: z.string().optional(),
      fullName: z.string().optional(),
      firstName: z.string().optional(),
      lastName: z.string().optional(),
      email: z.string().optional(),
      phoneNumber: z.string().optional(),
    })
    .optional(),
  customData: z.unknown().optional(),
  noticeUrls: z.array(httpUrl).max(5).optional(),
  redirectUrl: httpUrl.optional(),
  forceRedirect: z.boolean().optional(),
  virtualAccount: z
    .looseObject({ accountExpiry: z.looseObject({ validHours: z.number().int().min(1).max(2160).optional(), dueDate: z.string().optional() }).optional() })
    .optional(),
});
export type PaymentRequest = z.infer<typeof paymentRequest>;

/** What the payment window posts: the buyer's choice, the request, and where the page that asked runs. */
export const checkoutBody = z.object({
  choice: z.enum(['approve', 'issue', 'decline', 'close']),
  params: z.unknown(),
  platform: z.enum(['PC', 'MOBILE']).default('PC'),
  url: z.string().max(2000).optional(),
});

/** The account's validity: validHours, or until dueDate (reference: virtualAccount.accountExpiry). */
export function accountHours(params: PaymentRequest, now = Date.now()): number | undefined {
  const expiry = params.virtualAccount?.accountExpiry;
  if (expiry?.validHours) return expiry.validHours;
  const due = expiry?.dueDate ? Date.parse(expiry.dueDate) : Number.NaN;
  return Number.isFinite(due) && due > now ? Math.ceil((due - now) / 3_600_000) : undefined;
}

/** The SDK's customer as REST's Customer. */
export function customerOf(params: PaymentRequest) {
  const c = params.customer;
  if (!c) return {};
  const name = c.fullName ?? ([c.lastName, c.firstName].filter(Boolean).join('') || undefined);
  return Object.fromEntries(Object.entries({ id: c.customerId, name, email: c.email, phoneNumber: c.phoneNumber }).filter(([, v]) => v !== undefined));
}
