import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { z } from 'zod';
import { IamportRefused, IamportUnavailable } from './errors.js';
import { parseStorableJson } from '../../db/storable.js';
import { envelopeSchema, paymentPageSchema, parsePayment, preparedSchema, tokenSchema, type IamportPayment } from './schemas.js';
import { TokenCache } from './token.js';

export interface IamportClientOptions {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  /** how long one attempt may wait for i'mport's answer (default 3 s); retries stay within 10 s in all */
  timeoutMs?: number;
  /** KG이니시스's pg_api_key, which i'mport needs to revoke that PG's virtual accounts */
  pgApiKey?: string;
  /** called once per HTTP call, e.g. to count calls per endpoint */
  onCall?: (endpoint: string) => void;
  /** called when a call ends: answered (ok), refused (code ≠ 0) or unavailable, with i'mport's refusal or our reason */
  onAnswer?: (endpoint: string, outcome: 'ok' | 'refused' | 'unavailable', seconds: number, detail?: string) => void;
}

export interface CancelRequest {
  impUid: string;
  /** omitted: everything that remains */
  amount?: number;
  /** the cancellable balance we believe is left before this cancel; i'mport refuses when it differs */
  checksum: number;
  reason: string;
  refund_holder?: string;
  refund_bank?: string;
  refund_account?: string;
  refund_tel?: string;
  /** ask i'mport to notify our webhook of this cancel too */
  enable_webhook?: boolean;
}

interface CallOptions {
  endpoint: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** only requests that cannot move money twice are retried blindly */
  retry: boolean;
  /** answers with this HTTP status are returned as `null` instead of failing (404 = not found) */
  nullOn404?: boolean;
}

const ATTEMPTS = 3;
/** A list of payments is walked this many pages at most (1000 a page for status lists, 20 for findAll). */
const MAX_PAGES = 50;
const DEFAULT_TIMEOUT_MS = 3_000;
/** A hung i'mport never holds one of our requests longer than this, retries included. */
const DEADLINE_MS = 10_000;

export class IamportClient {
  private readonly pool: Pool;
  private readonly base: URL;
  private readonly tokens: TokenCache;
  private readonly timeoutMs: number;

  constructor(private readonly options: IamportClientOptions) {
    this.base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pool = new Pool(this.base.origin, {
      connections: 64,
      keepAliveTimeout: 30_000,
      connectTimeout: this.timeoutMs,
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    this.tokens = new TokenCache(() => this.fetchToken());
  }

  /**
   * One payment, test-channel payments included: i'mport hides those by default, but the money rules must see them
   * to refuse them (reference: Reading payments).
   */
  async getPayment(impUid: string): Promise<IamportPayment | null> {
    const path = `payments/${encodeURIComponent(impUid)}?include_sandbox=true`;
    const answer = await this.call({ endpoint: 'payments.get', method: 'GET', path, retry: true, nullOn404: true });
    return answer === null ? null : this.payment('payments.get', answer);
  }

  /** Every payment i'mport has for an order id, newest first, all pages (bounded). */
  async findAllPayments(merchantUid: string): Promise<IamportPayment[]> {
    const payments: IamportPayment[] = [];
    for (let page = 1; page <= MAX_PAGES; page += 1) {
      const path = `payments/findAll/${encodeURIComponent(merchantUid)}?page=${page}`;
      const answer = await this.call({ endpoint: 'payments.findAll', method: 'GET', path, retry: true, nullOn404: true });
      if (answer === null) break;
      const list = this.parse('payments.findAll', paymentPageSchema, answer);
      // a payment too broken to name its order is still this order's to surface: it was listed under it
      payments.push(...list.list.map((item) => withOrder(this.payment('payments.findAll', item), merchantUid)));
      if (!list.next) break;
    }
    return payments;
  }

  /**
   * One page of every payment whose status time is at or after `from` (unix s), most recently changed first
   * (`sorting=-updated`); `next` is 0 on the last page.
   */
  async listRecentlyChanged(query: { page: number; limit: number; from: number }): Promise<{ payments: IamportPayment[]; next: number }> {
    const path = `payments/status/all?page=${query.page}&limit=${query.limit}&from=${query.from}&sorting=-updated`;
    const answer = await this.call({ endpoint: 'payments.status', method: 'GET', path, retry: true, nullOn404: true });
    if (answer === null) return { payments: [], next: 0 };
    const list = this.parse('payments.status', paymentPageSchema, answer);
    return { payments: list.list.map((item) => this.payment('payments.status', item)), next: list.next };
  }

  /** The most recent payment i'mport has for an order id (optionally only in one status), or null. */
  async findPayment(merchantUid: string, status?: IamportPayment['status']): Promise<IamportPayment | null> {
    const path = `payments/find/${encodeURIComponent(merchantUid)}${status ? `/${status}` : ''}`;
    const answer = await this.call({ endpoint: 'payments.find', method: 'GET', path, retry: true, nullOn404: true });
    return answer === null ? null : withOrder(this.payment('payments.find', answer), merchantUid);
  }

  /** Registers the amount a payment for this order id must have; i'mport then refuses any other amount. */
  async prepare(merchantUid: string, amount: number): Promise<void> {
    try {
      await this.call({ endpoint: 'prepare', method: 'POST', path: 'payments/prepare', body: { merchant_uid: merchantUid, amount }, retry: true });
    } catch (error) {
      // a retried prepare whose first attempt did land is refused as a duplicate: check what is registered
      if (!(error instanceof IamportRefused)) throw error;
      const registered = await this.getPrepared(merchantUid);
      if (registered?.amount !== amount) throw error;
    }
  }

  async getPrepared(merchantUid: string): Promise<{ merchant_uid: string; amount: number } | null> {
    const path = `payments/prepare/${encodeURIComponent(merchantUid)}`;
    const answer = await this.call({ endpoint: 'prepare.get', method: 'GET', path, retry: true, nullOn404: true });
    return answer === null ? null : this.parse('prepare.get', preparedSchema, answer);
  }

  /** Not retried here: the caller re-reads the payment after an ambiguous failure and retries with a fresh checksum. */
  async cancel(request: CancelRequest): Promise<IamportPayment> {
    const { impUid, ...rest } = request;
    const answer = await this.call({ endpoint: 'cancel', method: 'POST', path: 'payments/cancel', body: { imp_uid: impUid, ...rest }, retry: false });
    return this.payment('cancel', answer);
  }

  /**
   * Closes an unpaid virtual account so that no deposit can land (reference: Revoke an unpaid virtual account). Not
   * retried here: a PG that does not support it refuses, and the caller re-reads after an ambiguous failure.
   */
  async revokeVbank(impUid: string): Promise<IamportPayment> {
    const query = this.options.pgApiKey ? `?pg_api_key=${encodeURIComponent(this.options.pgApiKey)}` : '';
    const answer = await this.call({ endpoint: 'vbanks.revoke', method: 'DELETE', path: `vbanks/${encodeURIComponent(impUid)}${query}`, retry: false });
    return this.payment('vbanks.revoke', answer);
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async fetchToken(): Promise<z.infer<typeof tokenSchema>> {
    const body = { imp_key: this.options.apiKey, imp_secret: this.options.apiSecret };
    const answer = await this.send({ endpoint: 'getToken', method: 'POST', path: 'users/getToken', body, retry: true }, undefined);
    return this.parse('getToken', tokenSchema, answer);
  }

  /** Authenticated call; a 401 means the token went stale on i'mport's side: refresh once and try again. */
  private async call(options: CallOptions): Promise<unknown> {
    const token = await this.tokens.get();
    try {
      return await this.send(options, token);
    } catch (error) {
      if (!(error instanceof Unauthenticated)) throw error;
      this.tokens.invalidate(token);
      return this.send(options, await this.tokens.get());
    }
  }

  private async send(options: CallOptions, token: string | undefined): Promise<unknown> {
    const deadline = Date.now() + DEADLINE_MS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(options, token);
      } catch (error) {
        const retriable =
          error instanceof IamportUnavailable && !(error instanceof Unauthenticated) && options.retry && attempt < ATTEMPTS;
        const backoff = 100 * 2 ** (attempt - 1) * (0.5 + Math.random());
        if (!retriable || Date.now() + backoff + this.timeoutMs > deadline) throw error;
        await sleep(backoff);
      }
    }
  }

  private async attempt(options: CallOptions, token: string | undefined): Promise<unknown> {
    this.options.onCall?.(options.endpoint);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const answer = await this.exchange(options, token);
      this.options.onAnswer?.(options.endpoint, 'ok', seconds());
      return answer;
    } catch (error) {
      if (error instanceof IamportRefused) this.options.onAnswer?.(options.endpoint, 'refused', seconds(), error.pspMessage);
      else this.options.onAnswer?.(options.endpoint, 'unavailable', seconds(), (error as Partial<IamportUnavailable>).reason);
      throw error;
    }
  }

  private async exchange(options: CallOptions, token: string | undefined): Promise<unknown> {
    const url = new URL(options.path, this.base);
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method: options.method,
        path: url.pathname + url.search,
        headers: {
          ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          accept: 'application/json',
          ...(token ? { authorization: token } : {}),
        },
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new IamportUnavailable(options.endpoint, (error as { code?: string }).code ?? 'network error');
    }
    return this.interpret(options, status, text);
  }

  private interpret(options: CallOptions, status: number, text: string): unknown {
    if (status === 401) throw new Unauthenticated(options.endpoint);
    if (status >= 500) throw new IamportUnavailable(options.endpoint, `HTTP ${status}`);
    if (status === 404 && options.nullOn404) return null;
    let envelope: z.infer<typeof envelopeSchema>;
    try {
      envelope = envelopeSchema.parse(parseStorableJson(text));
    } catch {
      throw new IamportUnavailable(options.endpoint, `unparseable answer (HTTP ${status})`);
    }
    if (envelope.code !== 0) throw new IamportRefused(options.endpoint, envelope.message ?? `code ${envelope.code}`);
    if (status >= 400) throw new IamportUnavailable(options.endpoint, `HTTP ${status}`);
    return envelope.response;
  }

  /** A payment, unverifiable ones included; only one without an imp_uid is an unusable answer. */
  private payment(endpoint: string, value: unknown): IamportPayment {
    const payment = parsePayment(value);
    if (!payment) throw new IamportUnavailable(endpoint, 'a payment without imp_uid');
    return payment;
  }

  private parse<T extends z.ZodType>(endpoint: string, schema: T, value: unknown): z.infer<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new IamportUnavailable(endpoint, 'unexpected answer shape');
    return parsed.data;
  }
}

const withOrder = (payment: IamportPayment, merchantUid: string): IamportPayment =>
  payment.merchant_uid ? payment : { ...payment, merchant_uid: merchantUid };

/** HTTP 401: a stale token (refreshed once) or, from getToken, wrong credentials. */
class Unauthenticated extends IamportUnavailable {
  constructor(endpoint: string) {
    super(endpoint, 'authentication refused');
  }
}
