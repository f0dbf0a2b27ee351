import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { sql } from 'kysely';
import { SANDBOX_CREDENTIALS } from '../../../src/config.js';
import type { IamportPayment } from '../../../src/providers/iamport/schemas.js';
import type { Endpoint, FaultKind, SandboxControl } from '../../../src/sandbox/control-client.js';
import type { Service } from '../../helpers/service.js';
import { refused, type Amount, type Delivery, type Fact, type ModelOrder, type ModelPayment, type PspDriver, type Stale } from './driver.js';

const LOST = 'http://127.0.0.1:9/lost';
/** the service's settings for V1 in live mode */
export const IAMPORT_LIVE = { IAMPORT_API_KEY: SANDBOX_CREDENTIALS.apiKey, IAMPORT_API_SECRET: SANDBOX_CREDENTIALS.apiSecret, IAMPORT_PG_API_KEY: 'model', IAMPORT_TIMEOUT_MS: '300' };

const AMOUNTS: Record<Amount, (order: ModelOrder) => { amount: number; currency: string; sandbox: boolean }> = {
  right: (order) => ({ amount: order.amount, currency: 'KRW', sandbox: false }),
  wrong: () => ({ amount: 100, currency: 'KRW', sandbox: false }),
  usd: () => ({ amount: 12.5, currency: 'USD', sandbox: false }),
  'same number in USD': (order) => ({ amount: order.amount, currency: 'USD', sandbox: false }),
  'test channel': (order) => ({ amount: order.amount, currency: 'KRW', sandbox: true }),
};

/** i'mport V1 as the model drives it: its simulator's control API, its REST API read by the i'mport client. */
export class IamportDriver implements PspDriver {
  readonly provider = 'iamport' as const;
  readonly refundBank = '04';
  readonly oneSuccessPerOrder = false;
  readonly faults = fc
    .tuple(
      fc.constantFrom<FaultKind>('5xx', 'hang', 'lost', 'reset'),
      fc.constantFrom<Endpoint>('payments.get', 'payments.findAll', 'cancel', 'vbanks.revoke', 'payments.status'),
      fc.integer({ min: 1, max: 3 }),
    )
    .map(([kind, endpoint, count]) => ({ kind, endpoint, count }));
  private readonly control: SandboxControl;

  constructor(private readonly service: Service) {
    this.control = service.sandbox.control;
  }

  async pay(order: ModelOrder, amount: Amount, method: 'card' | 'vbank', issuedAt?: number): Promise<ModelPayment> {
    const status = method === 'vbank' ? 'ready' : 'paid';
    const payment = await this.control.createPayment({ merchant_uid: order.merchantUid, ...AMOUNTS[amount](order), status, pay_method: method, at: issuedAt });
    return { source: payment.imp_uid, merchantUid: order.merchantUid, vbank: method === 'vbank' };
  }

  /** i'mport sends no webhook for a failure */
  async attempt(order: ModelOrder, outcome: 'failed' | 'closed'): Promise<ModelPayment> {
    const status = outcome === 'failed' ? 'failed' : 'ready';
    const payment = await this.control.createPayment({ merchant_uid: order.merchantUid, amount: order.amount, status, pay_method: 'card', sandbox: false });
    return { source: payment.imp_uid, merchantUid: order.merchantUid, vbank: false };
  }

  deposit(payment: ModelPayment): Promise<boolean> {
    return this.control.deposit(payment.source, { webhook: false }).then(() => true, (error: unknown) => refused(error) ?? false);
  }

  async notify(payment: ModelPayment, how: Delivery): Promise<void> {
    if (how === 'dropped') return;
    await this.control.sendWebhook(payment.source, how === 'duplicated' ? { times: 3 } : how === 'delayed' ? { delayMs: 150 } : {});
  }

  /** V1's notifications are unsigned: the model posts one itself */
  staleWebhook(payment: ModelPayment, status: Stale) {
    return this.service.post('/webhooks/iamport', { imp_uid: payment.source, merchant_uid: payment.merchantUid, status });
  }

  callback = (payment: ModelPayment) => ({ imp_uid: payment.source, merchant_uid: payment.merchantUid });
  redirect = (payment: ModelPayment) => ({ imp_uid: payment.source, merchant_uid: payment.merchantUid, imp_success: 'true' });

  /** closing an unpaid account refunds nothing and lists no cancel */
  async consoleRefund(_merchantUid: string, source: string, amount: number | undefined, reason: string): Promise<string | null> {
    const cancelled = await this.control.cancel(source, amount, reason, { webhook: false }).catch(refused);
    return cancelled?.cancel_history?.some((entry) => entry.reason === reason) ? source : null;
  }

  injectFault(fault: { kind: string; endpoint: string; count: number }): Promise<void> {
    return this.control.injectFault({ kind: fault.kind as FaultKind, endpoint: fault.endpoint as Endpoint, count: fault.count, ...(fault.kind === 'hang' ? { ms: 400 } : {}) });
  }

  async loseEverything(): Promise<void> {
    await this.control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancel' });
    await this.control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
    await this.control.setWebhookUrl(LOST);
  }

  restoreWebhooks = () => this.control.setWebhookUrl(`${this.service.url}/webhooks/iamport`);

  async reset(): Promise<void> {
    await this.control.reset();
    await this.restoreWebhooks();
  }

  drainWebhooks = () => this.control.drainWebhooks();

  async otherShop(ageS: number): Promise<ModelPayment> {
    const at = Math.floor(Date.now() / 1000) - ageS;
    const payment = await this.control.createPayment({ merchant_uid: `other_${randomBytes(12).toString('hex')}`, amount: 3000, sandbox: false, at, webhook: false });
    return { source: payment.imp_uid, merchantUid: payment.merchant_uid, vbank: false };
  }

  async touch(payment: ModelPayment): Promise<void> {
    await this.control.issueCashReceipt(payment.source).catch(refused);
  }

  async record(merchantUid: string): Promise<Fact[]> {
    return (await this.service.iamport.findAllPayments(merchantUid)).map(factOf);
  }

  /** i'mport carries out a cancel at once */
  async refundAtPsp(source: string, refundId: string): Promise<'succeeded' | null> {
    const { rows } = await sql<{ listed: boolean }>`
      SELECT EXISTS (SELECT 1 FROM iamport_sandbox.payments, jsonb_array_elements(payment->'cancel_history') AS c
        WHERE imp_uid = ${source} AND c->>'reason' LIKE ${`%${refundId}%`}) AS listed`.execute(this.service.database.db);
    return rows[0]!.listed ? 'succeeded' : null;
  }
}

/** Every cancel i'mport lists was carried out. */
function factOf(p: IamportPayment): Fact {
  return {
    source_id: p.imp_uid,
    order_id: p.merchant_uid,
    status: p.status,
    amount: p.amount,
    cancel_amount: p.cancel_amount,
    currency: p.currency,
    test: p.sandbox,
    method: p.pay_method ?? null,
    issued_at: p.vbank_issued_at ?? null,
    cancels: (p.cancel_history ?? []).map((entry) => ({ amount: entry.amount, reason: entry.reason ?? null, at: entry.cancelled_at, status: 'succeeded', receipt_url: null })),
  };
}
