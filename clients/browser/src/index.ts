import { openImp } from './imp.js';
import type { CheckoutOrder, PayOptions } from './options.js';
import { notApproved, outcome, type Outcome } from './outcome.js';
import { openPortOne } from './portone.js';
import { isMobile } from './sdk.js';
import { getStatus, postComplete, serviceOf, type OrderStatus } from './service.js';
import { confirmUnpaid, follow, fromComplete, type Watched } from './watch.js';

export type { Outcome, OutcomeKind, VirtualAccount } from './outcome.js';
export type { CheckoutOrder, PayOptions, PortOneOptions } from './options.js';
export type { OrderStatus } from './service.js';
export type { ImpResponse } from './imp.js';
export type { PortOneResponse } from './portone.js';
export { kst, won } from './outcome.js';

/** The first outcome of a window's answer: the service's verdict on the payment, or "not confirmed" without one. */
async function firstOutcome(w: Watched): Promise<Outcome> {
  // no payment was made; the order may still be paid by another (a second tab): its status decides
  if (!w.claim) return confirmUnpaid(w, notApproved(w.merchant_uid, w.failure ?? ''));
  const answer = await postComplete(w.service, w.claim, w.signal).catch(() => undefined);
  const verified = answer && fromComplete(w, answer);
  return verified ? confirmUnpaid(w, verified) : outcome('not_confirmed', w.merchant_uid, {});
}

async function start(w: Watched): Promise<Outcome> {
  const first = await firstOutcome(w);
  w.onOutcome?.(first);
  return follow(w, first);
}

/**
 * Pays an order through its PSP: i'mport's window (IMP.request_pay) for a V1 order, PortOne's (PortOne.requestPayment)
 * for a V2 one; has payment-verifier verify what the buyer did, and follows the order until it settles. Resolves with
 * the final outcome (`onOutcome` sees every one on the way). In the mobile flow the page leaves for the PSP and comes
 * back to `redirectUrl`. Rejects only when no window could be opened.
 */
export async function pay(order: CheckoutOrder, options: PayOptions = {}): Promise<Outcome> {
  const service = options.service ?? serviceOf(order.status_url);
  const request = { mobile: options.flow ? options.flow === 'mobile' : isMobile(), redirectUrl: options.redirectUrl ?? `${service}/payments/complete` };
  const opened = await (order.provider === 'portone' ? openPortOne : openImp)(order, options, request);
  return start({ ...order, ...opened, service, onOutcome: options.onOutcome, signal: options.signal });
}

/**
 * Follows an order already paid for (the shop's own redirect page, a reload): from the payment the buyer came back
 * with (V1 `imp_uid`; V2 `payment_id`, with `failure` set to the redirect's `message` when it carried a `code`), else
 * from the order's status. Same outcomes as `pay`.
 */
export async function watch(
  order: Pick<CheckoutOrder, 'merchant_uid' | 'status_url'>,
  options: Pick<PayOptions, 'service' | 'onOutcome' | 'signal'> & { imp_uid?: string; payment_id?: string; failure?: string } = {},
): Promise<Outcome> {
  const { imp_uid, payment_id } = options;
  const claim = payment_id ? { payment_id } : imp_uid ? { imp_uid, merchant_uid: order.merchant_uid } : undefined;
  const w: Watched = { ...order, service: options.service ?? serviceOf(order.status_url), claim, failure: options.failure, onOutcome: options.onOutcome, signal: options.signal };
  if (claim) return start(w);
  const first = outcome('not_confirmed', w.merchant_uid, {});
  options.onOutcome?.(first);
  return follow(w, first);
}

/** The order's status once (`wait` seconds at most for a change from `version`); undefined when it cannot be read. */
export const status = (statusUrl: string, wait?: number, version?: number): Promise<OrderStatus | undefined> =>
  getStatus(statusUrl, undefined, wait, version).catch(() => undefined);
