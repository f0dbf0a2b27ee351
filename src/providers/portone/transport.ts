import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { parseStorableJson } from '../../db/storable.js';
import { PortOneRefused, PortOneUnavailable } from './errors.js';
import { errorSchema } from './schemas.js';

export interface TransportOptions {
  /** https://api.portone.io, or the simulator's base URL with its path (e.g. http://127.0.0.1:3000/sandbox/portone) */
  apiUrl: string;
  apiSecret: string;
  /** how long one read may wait for PortOne's answer; retries stay within 10 s in all */
  timeoutMs: number;
  /** how long a write (cancel, close, pre-register) may wait: PortOne asks for at least 60 s, as PGs can be slow */
  writeTimeoutMs: number;
  /** called once per HTTP call, e.g. to count calls per endpoint */
  onCall?: (endpoint: string) => void;
  /** called when a call ends: answered, refused or unavailable, with PortOne's error type or our reason */
  onAnswer?: (endpoint: string, outcome: 'ok' | 'refused' | 'unavailable', seconds: number, detail?: string) => void;
}

export interface Call {
  /** the reference's operationId, e.g. getPayment */
  endpoint: string;
  method: 'GET' | 'POST';
  /** relative to apiUrl, without a leading slash */
  path: string;
  body?: unknown;
  /** only calls that cannot move money twice are retried blindly */
  retry: boolean;
  write: boolean;
}

const ATTEMPTS = 3;
/** A slow PortOne never holds one of our reads longer than this, retries included. */
const READ_DEADLINE_MS = 10_000;

/** HTTP 401: the V2 API secret is wrong or expired; retrying cannot help. */
class Unauthenticated extends PortOneUnavailable {
  constructor(endpoint: string) {
    super(endpoint, 'authentication refused: check the PortOne V2 API secret');
  }
}

/**
 * PortOne's REST transport over one shared undici pool: `Authorization: PortOne <secret>`, JSON both ways, per-call
 * timeouts, bounded retries of the calls marked safe, and V2's errors (`{ type, message }` by HTTP status) as values.
 */
export class PortOneTransport {
  private readonly pool: Pool;
  private readonly base: URL;

  constructor(private readonly options: TransportOptions) {
    this.base = new URL(options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`);
    this.pool = new Pool(this.base.origin, { connections: 64, keepAliveTimeout: 30_000, connectTimeout: options.timeoutMs });
  }

  async call(call: Call): Promise<unknown> {
    const deadline = Date.now() + READ_DEADLINE_MS;
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.attempt(call);
      } catch (error) {
        const retriable = call.retry && attempt < ATTEMPTS && error instanceof PortOneUnavailable && !(error instanceof Unauthenticated);
        const backoff = 100 * 2 ** (attempt - 1) * (0.5 + Math.random());
        if (!retriable || Date.now() + backoff + this.options.timeoutMs > deadline) throw error;
        await sleep(backoff);
      }
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async attempt(call: Call): Promise<unknown> {
    this.options.onCall?.(call.endpoint);
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const answer = await this.exchange(call);
      this.options.onAnswer?.(call.endpoint, 'ok', seconds());
      return answer;
    } catch (error) {
      if (error instanceof PortOneRefused) this.options.onAnswer?.(call.endpoint, 'refused', seconds(), error.type);
      else this.options.onAnswer?.(call.endpoint, 'unavailable', seconds(), (error as Partial<PortOneUnavailable>).reason);
      throw error;
    }
  }

  private async exchange(call: Call): Promise<unknown> {
    const url = new URL(call.path, this.base);
    const timeout = call.write ? this.options.writeTimeoutMs : this.options.timeoutMs;
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method: call.method,
        path: url.pathname + url.search,
        headers: {
          authorization: `PortOne ${this.options.apiSecret}`,
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new PortOneUnavailable(call.endpoint, (error as { code?: string }).code ?? 'network error');
    }
    return this.interpret(call, status, text);
  }

  private interpret(call: Call, status: number, text: string): unknown {
    if (status === 401) throw new Unauthenticated(call.endpoint);
    let body: unknown;
    try {
      body = parseStorableJson(text);
    } catch {
      throw new PortOneUnavailable(call.endpoint, `unparseable answer (HTTP ${status})`);
    }
    if (status >= 200 && status < 300) return body;
    const refusal = errorSchema.safeParse(body);
    // a refusal names its type; PG_PROVIDER (502) is the PG's refusal, any other 5xx is PortOne being unavailable
    if (refusal.success && (status < 500 || refusal.data.type === 'PG_PROVIDER')) {
      const { type, message, pgCode, pgMessage } = refusal.data;
      throw new PortOneRefused(call.endpoint, type, message, status, pgCode || pgMessage ? { pgCode, pgMessage } : undefined);
    }
    throw new PortOneUnavailable(call.endpoint, `HTTP ${status}`);
  }
}
