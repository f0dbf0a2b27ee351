import type { Currency } from '@portone/server-sdk/common';
import type { CancelPaymentBodyRefundAccount } from '@portone/server-sdk/payment';
import type { OrderRecord, PaymentFact, RefundTo } from '../../settlement/model.js';
import type { CancelAnswer, CancelRequest, ChangeFeed, Lookup, PaymentProvider, RefundBank, SourceRef } from '../../settlement/provider.js';
import { V2_BANKS } from './banks.js';
import type { PortOneClient } from './client.js';
import { PortOneRefused } from './errors.js';
import { factOf, toMinorUnit } from './facts.js';
import { isUnverifiable } from './schemas.js';

/** Where a walk of V2's list by status-change time stands: the change time it reads from, and pages already read at it. */
interface Cursor {
  from: string;
  page: number;
}

/**
 * PortOne V2 as the settlement core's PaymentProvider. The order's merchant_uid is its V2 paymentId; its attempts
 * (transactions) are the payment sources. V2 cancels and closes by paymentId: a cancel refunds the paid attempt (V2
 * lets one attempt succeed), a close the payment's current account.
 */
export class PortOneProvider implements PaymentProvider {
  readonly name = 'portone' as const;
  readonly changes: ChangeFeed;

  constructor(private readonly client: PortOneClient) {
    this.changes = { page: (walk) => this.changedPage(walk) };
  }

  registerAmount(order: { merchant_uid: string; amount: number; currency: string }): Promise<void> {
    return this.client.preRegister(order.merchant_uid, toMinorUnit(order.amount, order.currency), order.currency as Currency);
  }

  /**
   * A paymentId names the order's payment: its attempts, with the one V2 shows for it (its paid attempt, else its
   * newest) as the subject, as the payment shows it: only there does a paid attempt list its requested cancels.
   */
  async lookUp(paymentId: string): Promise<Lookup | null> {
    const payment = await this.client.getPayment(paymentId);
    if (!payment) return null;
    const subject = factOf(payment, paymentId);
    const attempts = (await this.client.listTransactions(paymentId)).map((attempt) => factOf(attempt, paymentId));
    const facts = attempts.some((fact) => fact.source_id === subject.source_id)
      ? attempts.map((fact) => (fact.source_id === subject.source_id ? subject : fact))
      : [...attempts, subject];
    return { subject, facts };
  }

  /** The payment a paymentId names is the order's accepted attempt, once it has one. */
  sourceNamedBy(_paymentId: string, order: OrderRecord): string | null {
    return order.source_id;
  }

  async findAll(paymentId: string): Promise<PaymentFact[]> {
    return (await this.lookUp(paymentId))?.facts ?? [];
  }

  async reread(source: SourceRef): Promise<PaymentFact | null> {
    return (await this.findAll(source.order_id)).find((fact) => fact.source_id === source.source_id) ?? null;
  }

  /**
   * With `currentCancellableAmount` as the guard. A cancellation V2 carries out later (REQUESTED) is pending until seen
   * SUCCEEDED; one that FAILED is a refusal.
   */
  async cancel(request: CancelRequest): Promise<CancelAnswer> {
    const cancellation = await this.client.cancel({
      paymentId: request.order_id,
      amount: toMinorUnit(request.amount, request.currency),
      currentCancellableAmount: toMinorUnit(request.checksum, request.currency),
      reason: request.reason,
      ...(request.refundTo ? { refundAccount: refundAccountOf(request.refundTo) } : {}),
    });
    if (cancellation.status === 'FAILED') throw new PortOneRefused('cancelPayment', 'CANCELLATION_FAILED', cancellation.reason, 200);
    const payment = await this.reread(request);
    if (cancellation.status === 'REQUESTED') return { result: 'requested', payment };
    if (!payment) throw new PortOneRefused('cancelPayment', 'PAYMENT_NOT_FOUND', 'the cancelled payment could not be read again', 200);
    return { result: 'done', payment };
  }

  /**
   * V2 closes the payment's current account only: an older attempt's account is left open (its deposit is refunded).
   * The close names the payment, not the account: one issued between the check and the close is the one closed.
   */
  async closeAccount(source: SourceRef): Promise<PaymentFact> {
    const current = await this.client.getPayment(source.order_id);
    if (!current || isUnverifiable(current) || current.transactionId !== source.source_id) {
      throw new PortOneRefused('closeVirtualAccount', 'NOT_THE_CURRENT_ACCOUNT', "PortOne closes only the payment's current virtual account", 409);
    }
    await this.client.closeVirtualAccount(source.order_id);
    const closed = await this.reread(source);
    if (!closed) throw new PortOneRefused('closeVirtualAccount', 'PAYMENT_NOT_FOUND', 'the closed account could not be read again', 200);
    if (closed.status === 'ready') throw new PortOneRefused('closeVirtualAccount', 'NOT_THE_CURRENT_ACCOUNT', 'PortOne closed an account issued meanwhile, not this one', 409);
    return closed;
  }

  refundBanks(): RefundBank[] {
    return [...V2_BANKS];
  }

  /**
   * `GET /payments` by status-change time from `since` on, oldest change first, keyed by time: each page starts where
   * the previous one's last change was, so a payment that changes again meanwhile (and moves to the end) shifts nothing
   * onto pages already read. Pages of one instant are counted through; the walk ends at a page that is not full.
   */
  private async changedPage(walk: { since: number; cursor: unknown; pageSize: number }): Promise<{ facts: PaymentFact[]; next: unknown }> {
    const cursor = (walk.cursor as Cursor | null) ?? { from: new Date(walk.since * 1000).toISOString(), page: 0 };
    const listed = await this.client.listByStatusChange({ from: new Date(cursor.from), until: new Date(), page: cursor.page, size: walk.pageSize });
    const facts = listed.payments.map((payment) => factOf(payment, payment.id));
    if (!listed.full) return { facts, next: null };
    const last = listed.payments.at(-1);
    const lastChange = last && !isUnverifiable(last) ? last.statusChangedAt : undefined;
    const next: Cursor = lastChange && lastChange !== cursor.from ? { from: lastChange, page: 0 } : { from: cursor.from, page: cursor.page + 1 };
    return { facts, next };
  }
}

function refundAccountOf(to: RefundTo): CancelPaymentBodyRefundAccount {
  return { bank: to.bank as CancelPaymentBodyRefundAccount['bank'], number: to.account ?? '', holderName: to.holder ?? '', ...(to.tel ? { holderPhoneNumber: to.tel } : {}) };
}
