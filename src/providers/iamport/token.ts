import type { z } from 'zod';
import type { tokenSchema } from './schemas.js';

type TokenAnswer = z.infer<typeof tokenSchema>;

/** Refresh this long before i'mport's expiry, so no request ever carries a token that expires in flight. */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * One access token shared by every concurrent request: a single in-flight fetch (single-flight), cached until
 * shortly before `expired_at`. Expiry is measured against i'mport's own `now`, so a skewed local clock does not matter.
 */
export class TokenCache {
  private token: string | undefined;
  private refreshAt = 0;
  private pending: Promise<string> | undefined;

  constructor(private readonly fetchToken: () => Promise<TokenAnswer>) {}

  get(): Promise<string> {
    if (this.token && Date.now() < this.refreshAt) return Promise.resolve(this.token);
    return this.refresh();
  }

  /** After a 401: forget the token, but let concurrent callers share one refresh. */
  invalidate(stale: string): void {
    if (this.token === stale) this.token = undefined;
  }

  private refresh(): Promise<string> {
    this.pending ??= this.fetchToken()
      .then((answer) => {
        const lifetimeMs = (answer.expired_at - answer.now) * 1000;
        this.token = answer.access_token;
        this.refreshAt = Date.now() + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2);
        return answer.access_token;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
