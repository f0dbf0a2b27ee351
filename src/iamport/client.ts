import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import type { z } from 'zod';
import { IamportRefused, IamportUnavailable } from './errors.js';
import { envelopeSchema, paymentSchema, preparedSchema, tokenSchema, type IamportPayment } from './schemas.js';
import { TokenCache } from './token.js';

export interface IamportClientOptions {
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  /**
   * ask GET /payments/{imp_uid} for test-channel payments too, which i'mport hides by default (sandbox mode, whose
   * simulator makes nothing else)
   */
  includeSandbox?: boolean;
  /** called once per HTTP call, e.g. to count calls per endpoint */
  onCall?: (endpoint: string) => void;
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
  /** ask i'mport to notify our webhook of this cancel too */
  enable_webhook?: boolean;
}

interface CallOptions {
  endpoint: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  /** only requests that cannot move money twice are retried blindly */
  retry: boolean;
  /** answers with this HTTP status are returned as `null` instead of failing (404 = not found) */
  nullOn404?: boolean;
}

const ATTEMPTS = 3;
const ATTEMPT_TIMEOUT_MS = 3_000;
/** A hung i'mport never holds one of our requests longer than this, retries included. */
const DEADLINE_MS = 10_000;

export class IamportClient {
  private readonly pool: Pool;
  private readonly base: URL;
  private readonly tokens: TokenCache;

  constructor(private readonly options: IamportClientOptions) {
    this.base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
    this.pool = new Pool(this.base.origin, {
      connections: 64,
      keepAliveTimeout: 30_000,
      connectTimeout: ATTEMPT_TIMEOUT_MS,
      headersTimeout: ATTEMPT_TIMEOUT_MS,
      bodyTimeout: ATTEMPT_TIMEOUT_MS,
    });
    this.tokens = new TokenCache(() => this.fetchToken());
  }

  async getPayment(impUid: string): Promise<IamportPayment | null> {
    const path = `payments/${encodeURIComponent(impUid)}${this.options.includeSandbox ? '?include_sandbox=true' : ''}`;
    const answer = await this.call({ endpoint: 'payments.get', method: 'GET', path, retry: true, nullOn404: true });
    return answer === null ? null : this.parse('payments.get', paymentSchema, answer);
  }

  /** The most recent payment i'mport has for an order id (optionally only in one status), or null. */
  async findPayment(merchantUid: string, status?: IamportPayment['status']): Promise<IamportPayment | null> {
    const path = `payments/find/${encodeURIComponent(merchantUid)}${status ? `/${status}` : ''}`;
    const answer = await this.call({ endpoint: 'payments.find', method: 'GET', path, retry: true, nullOn404: true });
    return answer === null ? null : this.parse('payments.find', paymentSchema, answer);
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
    return this.parse('cancel', paymentSchema, answer);
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
        if (!retriable || Date.now() + backoff + ATTEMPT_TIMEOUT_MS > deadline) throw error;
        await sleep(backoff);
      }
    }
  }

  private async attempt(options: CallOptions, token: string | undefined): Promise<unknown> {
    this.options.onCall?.(options.endpoint);
    const url = new URL(options.path, this.base);
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method: options.method,
        path: url.pathname + url.search,
        headers: {
          'content-type': 'application/json',
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
      envelope = envelopeSchema.parse(JSON.parse(text));
    } catch {
      throw new IamportUnavailable(options.endpoint, `unparseable answer (HTTP ${status})`);
    }
    if (envelope.code !== 0) throw new IamportRefused(options.endpoint, envelope.message ?? `code ${envelope.code}`);
    if (status >= 400) throw new IamportUnavailable(options.endpoint, `HTTP ${status}`);
    return envelope.response;
  }

  private parse<T extends z.ZodType>(endpoint: string, schema: T, value: unknown): z.infer<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new IamportUnavailable(endpoint, 'unexpected answer shape');
    return parsed.data;
  }
}

/** HTTP 401: a stale token (refreshed once) or, from getToken, wrong credentials. */
class Unauthenticated extends IamportUnavailable {
  constructor(endpoint: string) {
    super(endpoint, 'authentication refused');
  }
}
