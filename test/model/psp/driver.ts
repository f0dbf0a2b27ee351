import type fc from 'fast-check';
import type { PaymentFact, Provider } from '../../../src/settlement/model.js';

/**
 * What the model's commands ask of a PSP, each carried out with that PSP's own means (its simulator's control API),
 * and how the oracle reads the PSP's own record. One driver per PSP (iamport.ts, portone.ts): the commands and the
 * invariants never know which one they drive.
 */

/** What the buyer pays: the order's amount for real, or one of the forgeries (a test channel moves no real money). */
export type Amount = 'right' | 'wrong' | 'usd' | 'same number in USD' | 'test channel';
/** How the PSP's notification of a change arrives, if at all. */
export type Delivery = 'delivered' | 'dropped' | 'duplicated' | 'delayed';
/** A notification naming a status the payment no longer has (stale, reordered) or never had. */
export type Stale = 'ready' | 'paid' | 'cancelled';

export interface ModelOrder {
  merchantUid: string;
  amount: number;
}

/** One payment source: V1 a payment (imp_uid), V2 an attempt (transactionId) of the order's payment. */
export interface ModelPayment {
  source: string;
  merchantUid: string;
  vbank: boolean;
}

/** The PSP's record of one payment source, mapped by the model itself (not by the service's adapter) to the core's terms. */
export type Fact = Pick<PaymentFact, 'source_id' | 'order_id' | 'status' | 'amount' | 'cancel_amount' | 'currency' | 'test' | 'method' | 'cancels'> & {
  /** an account issued: when (unix s) */
  issued_at: number | null;
};

export interface FaultSpec {
  kind: string;
  endpoint: string;
  count: number;
}

/** What the model posted itself, to be judged with the service's other answers. */
export interface Answer {
  status: number;
}

export interface PspDriver {
  readonly provider: Provider;
  /** a bank code this PSP takes for refunding a deposited account */
  readonly refundBank: string;
  /** V2 lets one attempt of a payment succeed: once one was paid, no other account of the order can take a deposit */
  readonly oneSuccessPerOrder: boolean;
  /** the faults this PSP's simulator can inject, on the endpoints the service calls */
  readonly faults: fc.Arbitrary<FaultSpec>;

  /** `null`: the PSP refused it (e.g. V2 lets one attempt of a payment succeed) — the world, not a failure */
  pay(order: ModelOrder, amount: Amount, method: 'card' | 'vbank', issuedAt?: number): Promise<ModelPayment | null>;
  /** a failed attempt, or a payment window opened and closed without paying */
  attempt(order: ModelOrder, outcome: 'failed' | 'closed'): Promise<ModelPayment | null>;
  /** money into the account; false when the PSP refused */
  deposit(payment: ModelPayment): Promise<boolean>;
  notify(payment: ModelPayment, how: Delivery): Promise<void>;
  /** a notification of a status the payment need not have; the service's answer when the model posted it itself */
  staleWebhook(payment: ModelPayment, status: Stale): Promise<Answer | null>;
  callback(payment: ModelPayment): Record<string, string>;
  redirect(payment: ModelPayment): Record<string, string>;
  /** a refund at the PSP's console, its webhook lost; the payment source whose cancels list it, or null if refused */
  consoleRefund(merchantUid: string, source: string, amount: number | undefined, reason: string): Promise<string | null>;
  injectFault(fault: FaultSpec): Promise<void>;
  /** the next cancel is carried out and its answer lost, the reads after it fail, webhooks go nowhere */
  loseEverything(): Promise<void>;
  /** webhooks to the service again */
  restoreWebhooks(): Promise<void>;
  /** faults and lost webhooks cleared, webhooks to the service again */
  reset(): Promise<void>;
  drainWebhooks(): Promise<void>;
  /** another shop's payment on the same PSP account, made `ageS` ago */
  otherShop(ageS: number): Promise<ModelPayment>;
  /** a modification without a status change (a cash receipt); a PSP's refusal is ignored */
  touch(payment: ModelPayment): Promise<void>;
  /** V2: the order's payment's API cancels carried out later (REQUESTED) */
  asyncCancels?: AsyncCancels;

  /** the PSP's own record of every payment source of the order, read without faults */
  record(merchantUid: string): Promise<Fact[]>;
  /** how far the PSP has got with a cancel naming this refund (its own table, past any fault): null if it has none */
  refundAtPsp(source: string, refundId: string): Promise<'succeeded' | 'requested' | null>;
}

export interface AsyncCancels {
  enable(merchantUid: string): Promise<void>;
  /** the oldest requested cancel carried out (or refused by the PG); false when none is pending */
  complete(merchantUid: string, outcome: 'succeeded' | 'failed', how: Delivery): Promise<boolean>;
  /** the end of a history: cancels synchronous again, every requested one carried out */
  finish(merchantUids: string[]): Promise<void>;
}

/** A control call the PSP's rules refused (409), told apart from a broken world. */
export const refused = (error: unknown): null => {
  if (error instanceof Error && / 409 /.test(error.message)) return null;
  throw error;
};

/** unix seconds */
export const unix = (iso: string | undefined | null): number => (iso ? Math.floor(Date.parse(iso) / 1000) : 0);
