import type { Outcome } from './outcome.js';
import type { Claim } from './service.js';

/** What `POST /orders` returned (the fields the kit uses); hand it to the page as it is. */
export interface CheckoutOrder {
  merchant_uid: string;
  name: string;
  /** in the currency's main unit (won) */
  amount: number;
  status_url: string;
  /** the PSP API the order is paid through: i'mport V1 (default) or PortOne V2 */
  provider?: 'iamport' | 'portone';
  /** default KRW */
  currency?: string;
  buyer?: { name?: string; email?: string; tel?: string; addr?: string; postcode?: string } | null;
}

/** PortOne V2's store and the channel the checkout pays through (PortOne console; PORTONE_STORE_ID, PORTONE_CHANNEL_KEY). */
export interface PortOneOptions {
  storeId: string;
  channelKey: string;
  /** PortOne's browser SDK, loaded when the page has no `PortOne` */
  sdk?: string;
  /** how long an issued virtual account takes deposits (`virtualAccount.accountExpiry.validHours`); default 72 */
  accountHours?: number;
}

export interface PayOptions {
  /** i'mport's 가맹점 식별코드, for IMP.init (leave out when the page calls IMP.init itself) */
  merchantCode?: string;
  /** V2 orders: PortOne's store and channel */
  portone?: PortOneOptions;
  /** V1: request_pay's `pg` ("provider.mid") */
  pg?: string;
  /** `card` or `vbank` for either PSP (V2: CARD, VIRTUAL_ACCOUNT), or the PSP's own word */
  pay_method?: string;
  /** pc: the window and its answer in the page; mobile: the redirect flow (the page leaves); default by the browser */
  flow?: 'pc' | 'mobile';
  /** payment-verifier's base URL; default: the status URL's */
  service?: string;
  /** where the redirect flow returns; default the service's `GET /payments/complete`, which shows the result page */
  redirectUrl?: string;
  /** any other parameters of request_pay (V1) or requestPayment (V2); they win over the kit's */
  params?: Record<string, unknown>;
  /** i'mport's script, loaded when the page has no `IMP` */
  sdk?: string;
  /** every outcome as it happens: the first, then each one while the order settles */
  onOutcome?: (outcome: Outcome) => void;
  /** stops watching; `pay` then resolves with the latest outcome */
  signal?: AbortSignal;
}

/** Where the payment window left the buyer: the payment to verify, and its own words when it said the payment failed. */
export interface WindowResult {
  claim: Claim | undefined;
  failure: string | undefined;
}

/** How the PSP's window is asked for: the flow and where the redirect flow comes back to. */
export interface Request {
  mobile: boolean;
  redirectUrl: string;
}
