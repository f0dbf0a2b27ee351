import { loadImp, isMobile, type ImpResponse } from './imp.js';
import { notApproved, outcome, type Outcome } from './outcome.js';
import { getStatus, postComplete, serviceOf, type OrderStatus } from './service.js';
import { confirmUnpaid, follow, fromComplete, type Watched } from './watch.js';

export type { Outcome, OutcomeKind, VirtualAccount } from './outcome.js';
export type { OrderStatus } from './service.js';
export type { ImpResponse } from './imp.js';
export { kst, won } from './outcome.js';

/** What `POST /orders` returned (the fields the kit uses); hand it to the page as it is. */
export interface CheckoutOrder {
  merchant_uid: string;
  name: string;
  amount: number;
  status_url: string;
  buyer?: { name?: string; email?: string; tel?: string; addr?: string; postcode?: string } | null;
}

export interface PayOptions {
  /** i'mport's 가맹점 식별코드, for IMP.init (leave out when the page calls IMP.init itself) */
  merchantCode?: string;
  /** request_pay's `pg` ("provider.mid") and `pay_method` */
  pg?: string;
  pay_method?: string;
  /** pc: the window and its callback; mobile: m_redirect_url (the page leaves); default by the browser */
  flow?: 'pc' | 'mobile';
  /** payment-verifier's base URL; default: the status URL's */
  service?: string;
  /** where the mobile flow returns; default the service's `GET /payments/complete`, which shows the result page */
  redirectUrl?: string;
  /** any other request_pay parameters (notice_url, vbank_due, custom_data, …); they win over the kit's */
  params?: Record<string, unknown>;
  /** i'mport's script, loaded when the page has no `IMP` */
  sdk?: string;
  /** every outcome as it happens: the first, then each one while the order settles */
  onOutcome?: (outcome: Outcome) => void;
  /** stops watching; `pay` then resolves with the latest outcome */
  signal?: AbortSignal;
}

function requestPayParams(order: CheckoutOrder, options: PayOptions, service: string): Record<string, unknown> {
  const buyer = order.buyer ?? {};
  const mobile = options.flow ? options.flow === 'mobile' : isMobile();
  return {
    pg: options.pg,
    pay_method: options.pay_method ?? 'card',
    merchant_uid: order.merchant_uid,
    name: order.name,
    amount: order.amount,
    currency: 'KRW',
    buyer_name: buyer.name,
    buyer_email: buyer.email,
    buyer_tel: buyer.tel,
    buyer_addr: buyer.addr,
    buyer_postcode: buyer.postcode,
    ...(mobile ? { m_redirect_url: options.redirectUrl ?? `${service}/payments/complete` } : {}),
    ...options.params,
  };
}

/** The first outcome of a window's answer: the service's verdict on the payment, or "not confirmed" without one. */
async function firstOutcome(w: Watched, response: ImpResponse): Promise<Outcome> {
  if (!response.imp_uid) {
    // no payment was made; the order may still be paid by another (a second tab): its status decides
    const said = notApproved(w.merchant_uid, response.error_msg ?? '');
    return confirmUnpaid(w, said);
  }
  const answer = await postComplete(w.service, response.imp_uid, w.merchant_uid, w.signal).catch(() => undefined);
  const verified = answer && fromComplete(w, answer);
  return verified ? confirmUnpaid(w, verified) : outcome('not_confirmed', w.merchant_uid, {});
}

/**
 * Pays an order: opens i'mport's window (IMP.request_pay), has payment-verifier verify what the buyer did, and follows
 * the order until it settles. Resolves with the final outcome (`onOutcome` sees every one on the way). In the mobile
 * flow the page leaves for i'mport and comes back to `redirectUrl`. Rejects only when no window could be opened.
 */
export async function pay(order: CheckoutOrder, options: PayOptions = {}): Promise<Outcome> {
  const service = options.service ?? serviceOf(order.status_url);
  const imp = await loadImp(options.sdk);
  if (options.merchantCode) imp.init(options.merchantCode);
  const params = requestPayParams(order, options, service);
  const response = await new Promise<ImpResponse>((resolve) => imp.request_pay(params, resolve));
  const w: Watched = { ...order, service, imp_uid: response.imp_uid ?? undefined, error_msg: response.error_msg ?? undefined, onOutcome: options.onOutcome, signal: options.signal };
  const first = await firstOutcome(w, response);
  options.onOutcome?.(first);
  return follow(w, first);
}

/**
 * Follows an order already paid for (the shop's own m_redirect_url page, a reload): from `imp_uid` when the buyer
 * came back with one, else from the order's status. Same outcomes as `pay`.
 */
export async function watch(order: Pick<CheckoutOrder, 'merchant_uid' | 'status_url'>, options: Pick<PayOptions, 'service' | 'onOutcome' | 'signal'> & { imp_uid?: string } = {}): Promise<Outcome> {
  const w: Watched = { ...order, service: options.service ?? serviceOf(order.status_url), imp_uid: options.imp_uid, onOutcome: options.onOutcome, signal: options.signal };
  const first = w.imp_uid ? await firstOutcome(w, { imp_uid: w.imp_uid }) : outcome('not_confirmed', w.merchant_uid, {});
  options.onOutcome?.(first);
  return follow(w, first);
}

/** The order's status once (`wait` seconds at most for a change from `version`); undefined when it cannot be read. */
export const status = (statusUrl: string, wait?: number, version?: number): Promise<OrderStatus | undefined> =>
  getStatus(statusUrl, undefined, wait, version).catch(() => undefined);
