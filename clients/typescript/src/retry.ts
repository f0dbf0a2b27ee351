import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  /** retries after the first attempt (default 4) */
  retries?: number;
  /** the first backoff; each retry doubles it, with full jitter (default 200 ms) */
  baseDelayMs?: number;
  /** the longest backoff between attempts when the service names no time (default 10 s) */
  maxDelayMs?: number;
  /**
   * the longest Retry-After waited for (default 60 s, the rate limit's window): a longer one is not waited out, the
   * error is thrown at once with its `retryAfter`
   */
  maxRetryAfterMs?: number;
  /** how long one attempt may wait for its answer's headers (default 30 s); a timeout is retried like a network failure */
  timeoutMs?: number;
}

type Fetch = (request: Request) => Promise<Response>;

/** 503: i'mport or the database is down for a moment; 429: rate limited. Both say "the same request, later". */
const RETRYABLE = new Set([429, 503]);

/** Retry-After in milliseconds, as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** One attempt: the request, aborted by the caller's signal or after `timeoutMs` (a TimeoutError). */
function attempt(fetch: Fetch, request: Request, timeoutMs: number): Promise<Response> {
  return fetch(new Request(request.clone(), { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) }));
}

/**
 * A fetch that sends the same request again on 503, 429, network failures and timeouts, after Retry-After (up to
 * `maxRetryAfterMs`) or an exponential backoff. Every request of this API is safe to repeat: reads, and writes that
 * carry an Idempotency-Key (the same one on each attempt, since it is already in the request's headers).
 */
export function retryingFetch(fetch: Fetch, options: RetryOptions = {}): Fetch {
  const { retries = 4, baseDelayMs = 200, maxDelayMs = 10_000, maxRetryAfterMs = 60_000, timeoutMs = 30_000 } = options;
  const backoff = (attempt: number) => Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return async (request) => {
    for (let tries = 0; ; tries += 1) {
      const last = tries === retries;
      let response: Response;
      try {
        response = await attempt(fetch, request, timeoutMs);
      } catch (error) {
        if (last || request.signal.aborted) throw error;
        await sleep(backoff(tries), undefined, { signal: request.signal });
        continue;
      }
      if (last || !RETRYABLE.has(response.status)) return response;
      const asked = retryAfterMs(response.headers.get('retry-after'));
      if (asked !== null && asked > maxRetryAfterMs) return response;
      await response.body?.cancel();
      await sleep(asked ?? backoff(tries), undefined, { signal: request.signal });
    }
  };
}
