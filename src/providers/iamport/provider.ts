import type { OrderRecord, PaymentFact } from '../../settlement/model.js';
import type { CancelAnswer, CancelRequest, ChangeFeed, Lookup, PaymentProvider, RefundBank, SourceRef } from '../../settlement/provider.js';
import { lastChangeAt } from '../../settlement/snapshot.js';
import { refundBanksOf } from './banks.js';
import type { IamportClient } from './client.js';
import { IamportRefused } from './errors.js';
import { factOf } from './facts.js';

const DAY_S = 86_400;
/**
 * A status list spans at most 90 days of status times (reference: from/to). A walk pins its lower bound so that no
 * payment leaves the list while it is read (a removal would shift later payments onto pages already read), and so may
 * run for the day this leaves (a longer one starts again: recent-changes.ts).
 */
const LIST_SPAN_S = 89 * DAY_S;

/** i'mport V1 (PortOne V1) as the settlement core's PaymentProvider. */
export class IamportProvider implements PaymentProvider {
  readonly name = 'iamport' as const;
  readonly changes: ChangeFeed;

  constructor(private readonly client: IamportClient) {
    this.changes = { page: (walk) => this.changedPage(walk) };
  }

  registerAmount(order: { merchant_uid: string; amount: number }): Promise<void> {
    return this.client.prepare(order.merchant_uid, order.amount);
  }

  /** A browser or a webhook names one payment by its imp_uid. */
  async lookUp(impUid: string): Promise<Lookup | null> {
    const payment = await this.client.getPayment(impUid);
    if (!payment) return null;
    const fact = factOf(payment);
    return { subject: fact, facts: [fact] };
  }

  sourceNamedBy(impUid: string, _order: OrderRecord): string {
    return impUid;
  }

  async findAll(merchantUid: string): Promise<PaymentFact[]> {
    return (await this.client.findAllPayments(merchantUid)).map(factOf);
  }

  async reread(source: SourceRef): Promise<PaymentFact | null> {
    const payment = await this.client.getPayment(source.source_id);
    return payment && factOf(payment);
  }

  /** With `checksum`, and the cancel notified to our webhook too, should our answer or our commit be lost. */
  async cancel(request: CancelRequest): Promise<CancelAnswer> {
    const to = request.refundTo;
    const payment = await this.client.cancel({
      impUid: request.source_id,
      amount: request.amount,
      checksum: request.checksum,
      reason: request.reason,
      refund_holder: to?.holder,
      refund_bank: to?.bank,
      refund_account: to?.account,
      refund_tel: to?.tel,
      enable_webhook: true,
    });
    return { result: 'done', payment: factOf(payment) };
  }

  async closeAccount(source: SourceRef): Promise<PaymentFact> {
    return factOf(await this.client.revokeVbank(source.source_id));
  }

  refundBanks(pg: string | null): RefundBank[] {
    return refundBanksOf(pg);
  }

  /**
   * `GET /payments/status/all?sorting=-updated` by page number, most recently modified first. That order follows every
   * modification (a cash receipt, escrow data), not only the status times a payment shows, so one payment's old times
   * say nothing of the next one's: the walk ends only at a page whose payments are all older than `since`, or at the end
   * of the list (i'mport refuses a page past it).
   */
  private async changedPage(walk: { since: number; startedAt: number; cursor: unknown; pageSize: number }): Promise<{ facts: PaymentFact[]; next: unknown }> {
    const page = typeof walk.cursor === 'number' ? walk.cursor : 1;
    try {
      const listed = await this.client.listRecentlyChanged({ page, limit: walk.pageSize, from: walk.startedAt - LIST_SPAN_S });
      const facts = listed.payments.map(factOf);
      const older = facts.every((fact) => lastChangeAt(fact) < walk.since);
      return { facts, next: listed.next && !older ? page + 1 : null };
    } catch (error) {
      if (error instanceof IamportRefused && page > 1) return { facts: [], next: null };
      throw error;
    }
  }
}
