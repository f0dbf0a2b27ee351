import type { OrderRecord, PaymentFact, Provider, RefundTo } from './model.js';

/**
 * What the settlement core asks of a PSP API. Each API has one adapter (src/providers/<name>/) that turns its answers
 * into PaymentFacts and carries out refunds and account closings; the core never knows which one it talks to. A refusal
 * is thrown as PspRefused, no usable answer as PspUnavailable (src/errors.ts).
 */
export interface PaymentProvider {
  readonly name: Provider;
  /** registers the amount (and currency) a payment for the order must have, so the PSP refuses any other */
  registerAmount(order: { merchant_uid: string; amount: number; currency: string }): Promise<void>;
  /** the payment a browser or a webhook names by the PSP's reference, with its order's other attempts where the API gives them */
  lookUp(reference: string): Promise<Lookup | null>;
  /** the payment source a reference names, when that can be told without asking the PSP (to answer a repeat from the record) */
  sourceNamedBy(reference: string, order: OrderRecord): string | null;
  /** every payment attempt the PSP has for the order */
  findAll(orderId: string): Promise<PaymentFact[]>;
  /** one payment source read again (null: unknown to the PSP) */
  reread(source: SourceRef): Promise<PaymentFact | null>;
  /** refunds (part of) a paid source, guarded by `checksum`, the balance believed left */
  cancel(request: CancelRequest): Promise<CancelAnswer>;
  /** closes an unpaid virtual account so that no deposit can land */
  closeAccount(source: SourceRef): Promise<PaymentFact>;
  /** the paid re-check's walk over what changed at the PSP */
  readonly changes: ChangeFeed;
  /** the banks (their codes as this API takes them) a refund to a buyer's account may name, for the PG of the payment */
  refundBanks(pg: string | null): RefundBank[];
}

export interface RefundBank {
  code: string;
  name: string;
}

export interface SourceRef {
  source_id: string;
  order_id: string;
}

/** `subject`: the attempt the reference names; `facts`: it and the order's other attempts the same answer showed. */
export interface Lookup {
  subject: PaymentFact;
  facts: PaymentFact[];
}

export interface CancelRequest extends SourceRef {
  /** the payment's currency: amounts are in its main unit */
  currency: string;
  amount: number;
  checksum: number;
  /** ends with the refund's id, which the PSP lists with the cancel */
  reason: string;
  refundTo: RefundTo | null;
}

/** done: carried out (the source as it stands now) · requested: accepted, carried out later (then seen in `cancels`) */
export type CancelAnswer = { result: 'done'; payment: PaymentFact } | { result: 'requested'; payment: PaymentFact | null };

/**
 * Reads the payments that changed at the PSP since `since` (unix s), up to the walk's start, one page a call. `cursor`
 * is null for a walk's first page and otherwise what the previous page returned; `next` is null where the walk ends.
 * Every fact of a page is applied (the walk keeps only those that differ from what is held).
 */
export interface ChangeFeed {
  page(walk: { since: number; startedAt: number; cursor: unknown; pageSize: number }): Promise<{ facts: PaymentFact[]; next: unknown }>;
}

/** The adapters this instance has, by the provider an order names. */
export interface Providers {
  /** the adapter, or an Invalid error naming the settings it needs */
  of(provider: Provider): PaymentProvider;
  configured(): PaymentProvider[];
}

