import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  /** retries after the first attempt (default 4) */
  retries?: number;
  /** the first backoff; each retry doubles it, with full jitter (default 200 ms) */
  baseDelayMs?: number;
  /** never wait longer than this: a Retry-After beyond it is answered to the caller instead (default 10 s) */
  maxDelayMs?: number;
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

/**
 * A fetch that sends the same request again on 503, 429 and network failures, after Retry-After or an exponential
 * backoff. Every request of this API is safe to repeat: reads, and writes that carry an Idempotency-Key (the same
 * one on each attempt, since it is already in the request's headers).
 */
export function retryingFetch(fetch: Fetch, options: RetryOptions = {}): Fetch {
  const { retries = 4, baseDelayMs = 200, maxDelayMs = 10_000 } = options;
  const backoff = (attempt: number) => Math.random() * Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
  return async (request) => {
    for (let attempt = 0; ; attempt += 1) {
      const last = attempt === retries;
      let response: Response;
      try {
        response = await fetch(request.clone());
      } catch (error) {
        if (last || request.signal.aborted) throw error;
        await sleep(backoff(attempt), undefined, { signal: request.signal });
        continue;
      }
      if (last || !RETRYABLE.has(response.status)) return response;
      const delay = retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt);
      if (delay > maxDelayMs) return response;
      await response.body?.cancel();
      await sleep(delay, undefined, { signal: request.signal });
    }
  };
}
