import type { ServiceVbank } from './outcome.js';

/** What payment-verifier answers (API.md), as far as the kit reads it; anything else is an unknown answer. */
export interface OrderStatus {
  status: string;
  amount: number;
  paid_amount: number;
  cancelled_amount: number;
  vbank: ServiceVbank | null;
  updated_at: string;
  outcome: 'paid' | 'awaiting_deposit' | 'failed' | 'refunded_forgery' | 'not_paid' | 'cancelled';
  version: number;
}

/** What the browser reports to `POST /payments/complete`: i'mport's payment with its order (V1), or the V2 paymentId. */
export type Claim = { imp_uid: string; merchant_uid: string } | { payment_id: string };

export interface CompleteAnswer {
  http: number;
  status?: string;
  message?: string;
  order?: { amount: number; imp_uid: string | null; vbank: ServiceVbank | null };
}

/** A JSON request that gives up after `ms`; rejects on network errors and timeouts, never on an HTTP status. */
async function request<T>(url: string, ms: number, signal: AbortSignal | undefined, init: RequestInit = {}): Promise<{ http: number; body: T | undefined }> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), ms);
  const stop = () => timeout.abort();
  signal?.addEventListener('abort', stop);
  try {
    const response = await fetch(url, { ...init, cache: 'no-store', signal: timeout.signal });
    const body = (await response.json().catch(() => undefined)) as T | undefined;
    return { http: response.status, body };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', stop);
  }
}

/** The service answers within its own deadline for the PSP (10 s); past this the answer is as good as lost. */
const COMPLETE_MS = 20_000;

export async function postComplete(service: string, claim: Claim, signal?: AbortSignal): Promise<CompleteAnswer> {
  const { http, body } = await request<Omit<CompleteAnswer, 'http'>>(`${service}/payments/complete`, COMPLETE_MS, signal, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claim),
  });
  return { ...body, http };
}

/** The order's status; with `wait`, held by the service until the order leaves `version` (or `wait` seconds pass). */
export async function getStatus(statusUrl: string, signal?: AbortSignal, wait = 0, version?: number): Promise<OrderStatus | undefined> {
  const url = new URL(statusUrl, location.href);
  if (wait) url.searchParams.set('wait', String(wait));
  if (version !== undefined) url.searchParams.set('version', String(version));
  const { http, body } = await request<OrderStatus>(url.toString(), (wait + 10) * 1000, signal);
  return http === 200 && body && typeof body.version === 'number' ? body : undefined;
}

/** The service's base URL, from the status URL it issued (`<base>/payments/status/<token>`). */
export const serviceOf = (statusUrl: string): string => statusUrl.slice(0, statusUrl.lastIndexOf('/payments/status/'));
