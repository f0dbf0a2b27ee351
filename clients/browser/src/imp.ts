import type { CheckoutOrder, PayOptions, Request, WindowResult } from './options.js';
import { loadSdk } from './sdk.js';

/** The part of i'mport's browser SDK (iamport.js, V1) the kit uses (reference: Browser side). */
export interface ImpResponse {
  success?: boolean;
  imp_uid?: string | null;
  merchant_uid?: string;
  error_code?: string | null;
  error_msg?: string | null;
}
export interface Imp {
  init(merchantCode: string): void;
  request_pay(params: Record<string, unknown>, callback: (response: ImpResponse) => void): void;
}

export const IAMPORT_SDK = 'https://cdn.iamport.kr/v1/iamport.js';

function requestPayParams(order: CheckoutOrder, options: PayOptions, request: Request): Record<string, unknown> {
  const buyer = order.buyer ?? {};
  return {
    pg: options.pg,
    pay_method: options.pay_method ?? 'card',
    merchant_uid: order.merchant_uid,
    name: order.name,
    amount: order.amount,
    currency: order.currency ?? 'KRW',
    buyer_name: buyer.name,
    buyer_email: buyer.email,
    buyer_tel: buyer.tel,
    buyer_addr: buyer.addr,
    buyer_postcode: buyer.postcode,
    ...(request.mobile ? { m_redirect_url: request.redirectUrl } : {}),
    ...options.params,
  };
}

/** i'mport's window (IMP.request_pay); on phones the page leaves for m_redirect_url. */
export async function openImp(order: CheckoutOrder, options: PayOptions, request: Request): Promise<WindowResult> {
  const imp = await loadSdk<Imp>('IMP', options.sdk ?? IAMPORT_SDK);
  if (options.merchantCode) imp.init(options.merchantCode);
  const response = await new Promise<ImpResponse>((resolve) => imp.request_pay(requestPayParams(order, options, request), resolve));
  const impUid = response.imp_uid;
  // no imp_uid: the window failed before any payment existed
  const failed = !impUid || response.success === false || Boolean(response.error_code || response.error_msg);
  return { claim: impUid ? { imp_uid: impUid, merchant_uid: order.merchant_uid } : undefined, failure: failed ? response.error_msg ?? '' : undefined };
}
