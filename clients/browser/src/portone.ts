import type { CheckoutOrder, PayOptions, Request, WindowResult } from './options.js';
import { loadSdk } from './sdk.js';

/** PortOne.requestPayment's answer (reference: browser SDK, PaymentResponse); `code` is set when it failed. */
export interface PortOneResponse {
  transactionType?: string;
  txId?: string;
  paymentId?: string;
  code?: string | null;
  message?: string | null;
}
export interface PortOne {
  requestPayment(params: Record<string, unknown>): Promise<PortOneResponse | undefined>;
}

export const PORTONE_SDK = 'https://cdn.portone.io/v2/browser-sdk.js';

const PAY_METHOD: Record<string, string> = { card: 'CARD', vbank: 'VIRTUAL_ACCOUNT' };

/** V2 amounts are integers in the currency's minor unit: KRW ×1, USD ×100. */
function minorUnits(amount: number, currency: string): number {
  let digits = 0;
  try {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 0;
  } catch {
    // an unknown code: PortOne refuses the request and says why
  }
  return Math.round(amount * 10 ** digits);
}

function requestPaymentParams(order: CheckoutOrder, options: PayOptions, request: Request): Record<string, unknown> {
  const v2 = options.portone!;
  const buyer = order.buyer ?? {};
  const currency = order.currency ?? 'KRW';
  const payMethod = PAY_METHOD[options.pay_method ?? 'card'] ?? options.pay_method;
  return {
    storeId: v2.storeId,
    channelKey: v2.channelKey,
    // an order's merchant_uid is its V2 paymentId
    paymentId: order.merchant_uid,
    orderName: order.name,
    totalAmount: minorUnits(order.amount, currency),
    currency,
    payMethod,
    ...(payMethod === 'VIRTUAL_ACCOUNT' ? { virtualAccount: { accountExpiry: { validHours: v2.accountHours ?? 72 } } } : {}),
    customer: {
      fullName: buyer.name,
      email: buyer.email,
      phoneNumber: buyer.tel,
      zipcode: buyer.postcode,
      ...(buyer.addr ? { address: { addressLine1: buyer.addr, addressLine2: '' } } : {}),
    },
    redirectUrl: request.redirectUrl,
    ...(request.mobile ? { forceRedirect: true } : {}),
    ...options.params,
  };
}

/**
 * PortOne V2's window (PortOne.requestPayment). Its answer, or the redirect it makes on phones, names the payment by
 * the order's own id; what it says about the payment is only words for the buyer, never the verdict.
 */
export async function openPortOne(order: CheckoutOrder, options: PayOptions, request: Request): Promise<WindowResult> {
  if (!options.portone?.storeId || !options.portone.channelKey) throw new Error('a PortOne V2 order needs options.portone.storeId and channelKey');
  const portone = await loadSdk<PortOne>('PortOne', options.portone.sdk ?? PORTONE_SDK);
  const response = await portone.requestPayment(requestPaymentParams(order, options, request));
  return { claim: { payment_id: order.merchant_uid }, failure: response?.code ? response.message ?? '' : undefined };
}
