import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { PORTONE_SANDBOX_CREDENTIALS } from '../../../src/config-psp.js';
import type { Endpoint, FaultKind, PortOneSandboxControl } from '../../../src/sandbox/portone/control-client.js';
import type { Service } from '../../helpers/service.js';
import { refused, type Amount, type AsyncCancels, type Delivery, type ModelOrder, type ModelPayment, type PspDriver, type Stale } from './driver.js';
import { readPortOne } from './portone-record.js';

const LOST = 'http://127.0.0.1:9/lost';
/** the service's settings for V2 in live mode */
export const PORTONE_LIVE = { PORTONE_API_SECRET: PORTONE_SANDBOX_CREDENTIALS.apiSecret, PORTONE_WEBHOOK_SECRET: PORTONE_SANDBOX_CREDENTIALS.webhookSecret, PORTONE_TIMEOUT_MS: '300' };

/** V2 amounts are in the currency's minor unit (USD cents). */
const AMOUNTS: Record<Amount, (order: ModelOrder) => { amount: number; currency: 'KRW' | 'USD'; channel: 'LIVE' | 'TEST' }> = {
  right: (order) => ({ amount: order.amount, currency: 'KRW', channel: 'LIVE' }),
  wrong: () => ({ amount: 100, currency: 'KRW', channel: 'LIVE' }),
  usd: () => ({ amount: 1250, currency: 'USD', channel: 'LIVE' }),
  'same number in USD': (order) => ({ amount: order.amount * 100, currency: 'USD', channel: 'LIVE' }),
  'test channel': (order) => ({ amount: order.amount, currency: 'KRW', channel: 'TEST' }),
};

const STALE = { ready: 'Transaction.Ready', paid: 'Transaction.Paid', cancelled: 'Transaction.Cancelled' } as const;
const READS: Endpoint[] = ['getPayment', 'getPaymentTransactions', 'getPayments'];
const WRITES: Endpoint[] = ['cancelPayment', 'closeVirtualAccount'];

/**
 * PortOne V2 as the model drives it: its simulator's control API, its REST API read by the model itself. The order's
 * merchant_uid is its paymentId; each payment source is an attempt (transaction) of it, and V2 lets one succeed.
 */
export class PortOneDriver implements PspDriver {
  readonly provider = 'portone' as const;
  readonly refundBank = 'KOOKMIN';
  readonly oneSuccessPerOrder = true;
  /** the PG's refusal (pgError) only where V2 documents it: cancel and close */
  readonly faults = fc.oneof(
    fc.tuple(fc.constantFrom<FaultKind>('5xx', 'hang', 'lost', 'reset'), fc.constantFrom(...READS, ...WRITES), fc.integer({ min: 1, max: 3 })),
    fc.tuple(fc.constant<FaultKind>('pgError'), fc.constantFrom(...WRITES), fc.integer({ min: 1, max: 2 })),
  ).map(([kind, endpoint, count]) => ({ kind, endpoint, count }));
  readonly asyncCancels: AsyncCancels;
  private readonly control: PortOneSandboxControl;

  constructor(private readonly service: Service) {
    this.control = service.sandbox.portone.control;
    this.asyncCancels = {
      enable: async (merchantUid) => void (await this.control.setAsyncCancels(merchantUid)),
      complete: (merchantUid, outcome, how) => this.completeCancel(merchantUid, outcome, how),
      finish: async (merchantUids) => {
        for (const merchantUid of merchantUids) {
          await this.control.setAsyncCancels(merchantUid, false);
          while (await this.completeCancel(merchantUid, 'succeeded', 'delivered'));
        }
      },
    };
  }

  /** PortOne's checkout refuses any new attempt of a paid payment (PaymentAlreadyPaid), its control API only a paid one */
  async pay(order: ModelOrder, amount: Amount, method: 'card' | 'vbank', issuedAt?: number): Promise<ModelPayment | null> {
    if (await this.paidAlready(order.merchantUid)) return null;
    const status = method === 'vbank' ? 'VIRTUAL_ACCOUNT_ISSUED' : 'PAID';
    const created = await this.control
      .createPayment({ paymentId: order.merchantUid, ...AMOUNTS[amount](order), status, method: method === 'vbank' ? 'VIRTUAL_ACCOUNT' : 'CARD', at: issuedAt, webhook: false })
      .catch(refused);
    return created && { source: created.transaction.id, merchantUid: order.merchantUid, vbank: method === 'vbank' };
  }

  async attempt(order: ModelOrder, outcome: 'failed' | 'closed'): Promise<ModelPayment | null> {
    if (await this.paidAlready(order.merchantUid)) return null;
    const status = outcome === 'failed' ? 'FAILED' : 'READY';
    const created = await this.control.createPayment({ paymentId: order.merchantUid, amount: order.amount, status, channel: 'LIVE', method: 'CARD', webhook: false }).catch(refused);
    return created && { source: created.transaction.id, merchantUid: order.merchantUid, vbank: false };
  }

  deposit(payment: ModelPayment): Promise<boolean> {
    return this.control.deposit(payment.merchantUid, { transactionId: payment.source, webhook: false }).then(() => true, (error: unknown) => refused(error) ?? false);
  }

  async notify(payment: ModelPayment, how: Delivery): Promise<void> {
    if (how === 'dropped') return;
    const options = how === 'duplicated' ? { times: 3 } : how === 'delayed' ? { delayMs: 150 } : {};
    await this.control.sendWebhook(payment.merchantUid, { transactionId: payment.source, ...options });
  }

  /** Signed by the simulator; its answer is the service's webhook receipt. */
  async staleWebhook(payment: ModelPayment, status: Stale): Promise<null> {
    await this.control.sendWebhook(payment.merchantUid, { transactionId: payment.source, type: STALE[status] });
    return null;
  }

  callback = (payment: ModelPayment) => ({ payment_id: payment.merchantUid });
  redirect = (payment: ModelPayment) => ({ paymentId: payment.merchantUid });

  /** V2 cancels by paymentId: the paid attempt, whichever source the model picked. */
  async consoleRefund(merchantUid: string, _source: string, amount: number | undefined, reason: string): Promise<string | null> {
    const cancelled = await this.control.cancel(merchantUid, { amount, reason, webhook: false }).catch(refused);
    return cancelled?.cancellation?.status === 'SUCCEEDED' ? cancelled.transaction.id : null;
  }

  injectFault(fault: { kind: string; endpoint: string; count: number }): Promise<void> {
    return this.control.injectFault({ kind: fault.kind as FaultKind, endpoint: fault.endpoint as Endpoint, count: fault.count, ...(fault.kind === 'hang' ? { ms: 400 } : {}) });
  }

  async loseEverything(): Promise<void> {
    await this.control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancelPayment' });
    await this.control.injectFault({ kind: '5xx', count: 3, endpoint: 'getPayment' });
    await this.control.setWebhookUrl(LOST);
  }

  restoreWebhooks = () => this.control.setWebhookUrl(`${this.service.url}/webhooks/portone`);

  async reset(): Promise<void> {
    await this.control.reset();
    await this.restoreWebhooks();
  }

  drainWebhooks = () => this.control.drainWebhooks();

  async otherShop(ageS: number): Promise<ModelPayment> {
    const paymentId = `other${randomBytes(12).toString('hex')}`;
    const at = Math.floor(Date.now() / 1000) - ageS;
    const created = await this.control.createPayment({ paymentId, amount: 3000, status: 'PAID', channel: 'LIVE', at, webhook: false });
    return { source: created.transaction.id, merchantUid: paymentId, vbank: false };
  }

  /** only a paid payment gets a cash receipt */
  async touch(payment: ModelPayment): Promise<void> {
    await this.control.issueCashReceipt(payment.merchantUid).catch(refused);
  }

  record = (merchantUid: string) => readPortOne(this.service.sandbox.portone.url, merchantUid);

  /** carried out, else accepted to be carried out later (one the PG refused may have been sent again) */
  async refundAtPsp(source: string, refundId: string): Promise<'succeeded' | 'requested' | null> {
    const { rows } = await sql<{ status: string }>`
      SELECT c->>'status' AS status FROM portone_sandbox.payments, jsonb_array_elements(attempts) AS a, jsonb_array_elements(a->'tx'->'cancellations') AS c
        WHERE a->'tx'->>'id' = ${source} AND c->>'reason' LIKE ${`%${refundId}%`}`.execute(this.service.database.db);
    const statuses = rows.map((row) => row.status);
    return statuses.includes('SUCCEEDED') ? 'succeeded' : statuses.includes('REQUESTED') ? 'requested' : null;
  }

  private async paidAlready(paymentId: string): Promise<boolean> {
    const { rows } = await sql<{ paid: boolean }>`
      SELECT EXISTS (SELECT 1 FROM portone_sandbox.payments, jsonb_array_elements(attempts) AS a
        WHERE payment_id = ${paymentId} AND a->'tx'->>'status' IN ('PAID', 'PARTIAL_CANCELLED', 'CANCELLED')) AS paid`.execute(this.service.database.db);
    return rows[0]!.paid;
  }

  /** V2 sends no webhook for a cancel the PG refused */
  private async completeCancel(merchantUid: string, outcome: 'succeeded' | 'failed', how: Delivery): Promise<boolean> {
    const done = await this.control.completeCancel(merchantUid, { fail: outcome === 'failed', webhook: false }).catch(refused);
    if (!done) return false;
    if (outcome === 'succeeded' && how !== 'dropped') {
      const options = how === 'duplicated' ? { times: 3 } : how === 'delayed' ? { delayMs: 150 } : {};
      await this.control.sendWebhook(merchantUid, { transactionId: done.transaction.id, ...(done.cancellation ? { cancellationId: done.cancellation.id } : {}), ...options });
    }
    return true;
  }
}
