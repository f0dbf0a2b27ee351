import type { Currency } from '@portone/server-sdk/common';
import type { CancelPaymentBodyRefundAccount } from '@portone/server-sdk/payment';
import { PortOneBrokenAnswer, PortOneRefused } from './errors.js';
import {
  cancelAnswerSchema,
  closeAnswerSchema,
  itemsSchema,
  parsePayment,
  type PortOneCancellation,
  type PortOneWebhookEvent,
  type ReadPayment,
} from './schemas.js';
import { PortOneTransport, type TransportOptions } from './transport.js';
import { verifyWebhook, type WebhookHeaders } from './webhook.js';

export interface PortOneClientOptions extends Partial<Pick<TransportOptions, 'timeoutMs' | 'writeTimeoutMs'>>, Pick<TransportOptions, 'onCall' | 'onAnswer'> {
  /** https://api.portone.io in production; the simulator's base URL in sandbox mode */
  apiUrl: string;
  /** the V2 API secret (not V1's REST key) */
  apiSecret: string;
  /** a sub-store to act for; default: the secret's own store */
  storeId?: string;
  /** the Standard Webhooks secrets (`whsec_…`) webhooks are verified with; two while one is being rotated */
  webhookSecrets?: readonly string[];
}

export interface CancelRequest {
  paymentId: string;
  /** in the currency's minor unit; omitted: everything still cancellable */
  amount?: number;
  /** the cancellable balance we believe is left; PortOne refuses (CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN) when it differs */
  currentCancellableAmount: number;
  /** shown in PortOne's cancellation record: the service puts its refund's id here to recognise it later */
  reason: string;
  /** needed to refund a deposited virtual account */
  refundAccount?: CancelPaymentBodyRefundAccount;
  skipWebhook?: boolean;
}

/** One page of GET /payments by status-change time; `full` says a next page may hold more. */
export interface StatusChangePage {
  payments: ReadPayment[];
  full: boolean;
  /** items too broken to name their paymentId, left out of `payments` */
  unnamed: number;
}

/** PortOne's limit on paging: (number + 1) × size may not exceed it (reference: GetPaymentsBody.page). */
export const MAX_LISTED = 60_000;
const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_WRITE_TIMEOUT_MS = 60_000;
const path = (paymentId: string, rest = '') => `payments/${encodeURIComponent(paymentId)}${rest}`;

/**
 * The PortOne V2 REST client the service needs. Reads are retried within bounds; cancel and close never blindly (the
 * caller re-reads after an ambiguous failure and retries with a fresh currentCancellableAmount).
 */
export class PortOneClient {
  private readonly transport: PortOneTransport;
  private readonly store: { storeId?: string };

  constructor(private readonly options: PortOneClientOptions) {
    this.transport = new PortOneTransport({
      ...options,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      writeTimeoutMs: options.writeTimeoutMs ?? DEFAULT_WRITE_TIMEOUT_MS,
    });
    this.store = options.storeId ? { storeId: options.storeId } : {};
  }

  /** The payment as PortOne shows it (its paid attempt, else its newest), unverifiable if its money fields are broken; null when unknown. */
  async getPayment(paymentId: string): Promise<ReadPayment | null> {
    const answer = await this.read('getPayment', path(paymentId, this.storeQuery()));
    return answer === null ? null : parsePayment(answer, paymentId);
  }

  /** Every attempt of the payment, each with its own status, amount and method; [] when the payment is unknown. */
  async listTransactions(paymentId: string): Promise<ReadPayment[]> {
    const answer = await this.read('getPaymentTransactions', path(paymentId, `/transactions${this.storeQuery()}`));
    if (answer === null) return [];
    const items = this.shape('getPaymentTransactions', itemsSchema, answer).items;
    return items.map((item) => parsePayment(item, paymentId, true)!);
  }

  /** Pins the amount any attempt of the payment must have; a repeat replaces it, so it is retried like a read. */
  async preRegister(paymentId: string, amount: number, currency: Currency): Promise<void> {
    const body = { ...this.store, totalAmount: amount, currency };
    await this.transport.call({ endpoint: 'preRegisterPayment', method: 'POST', path: path(paymentId, '/pre-register'), body, retry: true, write: true });
  }

  /** The cancellation PortOne made (SUCCEEDED) or accepted to carry out later (REQUESTED); a refusal is a PortOneRefused. */
  async cancel(request: CancelRequest): Promise<PortOneCancellation> {
    const { paymentId, ...fields } = request;
    const body = { ...this.store, ...fields };
    const answer = await this.transport.call({ endpoint: 'cancelPayment', method: 'POST', path: path(paymentId, '/cancel'), body, retry: false, write: true });
    return this.shape('cancelPayment', cancelAnswerSchema, answer).cancellation;
  }

  /** Closes the payment's issued, undeposited virtual account; PAYMENT_NOT_WAITING_FOR_DEPOSIT when there is none. */
  async closeVirtualAccount(paymentId: string): Promise<{ closedAt: string }> {
    const answer = await this.transport.call({
      endpoint: 'closeVirtualAccount',
      method: 'POST',
      path: path(paymentId, `/virtual-account/close${this.storeQuery()}`),
      retry: false,
      write: true,
    });
    return this.shape('closeVirtualAccount', closeAnswerSchema, answer);
  }

  /**
   * One page of the payments whose status changed within [from, until], oldest change first, test payments included.
   * Paging stops at (page + 1) × size = 60000: past it a walk must narrow its window instead (a RangeError here).
   */
  async listByStatusChange(query: { from: Date; until: Date; page: number; size: number }): Promise<StatusChangePage> {
    if ((query.page + 1) * query.size > MAX_LISTED) throw new RangeError(`PortOne lists at most ${MAX_LISTED} payments of one window`);
    const body = {
      page: { number: query.page, size: query.size },
      filter: { ...this.store, timestampType: 'STATUS_CHANGED_AT', from: query.from.toISOString(), until: query.until.toISOString(), sortBy: 'STATUS_CHANGED_AT', sortOrder: 'ASC' },
    };
    // a GET's body goes in the requestBody query parameter, as PortOne's server SDK sends it
    const answer = await this.transport.call({ endpoint: 'getPayments', method: 'GET', path: `payments?requestBody=${encodeURIComponent(JSON.stringify(body))}`, retry: true, write: false });
    const items = this.shape('getPayments', itemsSchema, answer).items;
    const payments = items.map((item) => parsePayment(item)).filter((p): p is ReadPayment => p !== null);
    // a page is read as full by its item count: PortOne's page.totalCount may count only what it returned
    return { payments, full: items.length >= query.size, unnamed: items.length - payments.length };
  }

  /** A webhook checked with PortOne's SDK against the configured secrets; PortOneWebhookRejected otherwise. */
  verifyWebhook(rawBody: string, headers: WebhookHeaders): Promise<PortOneWebhookEvent> {
    return verifyWebhook(this.options.webhookSecrets ?? [], rawBody, headers);
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** A retried read; null when PortOne does not know the payment. */
  private async read(endpoint: string, target: string): Promise<unknown> {
    try {
      return await this.transport.call({ endpoint, method: 'GET', path: target, retry: true, write: false });
    } catch (error) {
      if (error instanceof PortOneRefused && error.type === 'PAYMENT_NOT_FOUND') return null;
      throw error;
    }
  }

  private storeQuery(): string {
    return this.store.storeId ? `?storeId=${encodeURIComponent(this.store.storeId)}` : '';
  }

  private shape<T>(endpoint: string, schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, value: unknown): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new PortOneBrokenAnswer(endpoint, 'unexpected answer shape');
    return parsed.data;
  }
}
