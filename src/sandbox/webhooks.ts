import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import type { IamportPayment } from '../providers/iamport/schemas.js';

export interface WebhookOptions {
  url?: string;
  /** send this status instead of the payment's current one (a stale or reordered notification) */
  status?: string;
  times?: number;
  delayMs?: number;
}

/** A notification about a cancel names it (reference: Webhook, `cancellation_id`). */
function cancellationOf(payment: IamportPayment): { cancellation_id?: string } {
  const latest = (payment.cancel_history as Array<{ cancellation_id?: string }> | undefined)?.at(-1);
  return latest?.cancellation_id ? { cancellation_id: latest.cancellation_id } : {};
}

/**
 * i'mport's notification: JSON `{imp_uid, merchant_uid, status}` POSTed to notice_url or the configured URL,
 * retried on network errors or 5xx (reference: up to 5 times, a minute apart; `retryDelayMs` here).
 */
export class WebhookSender {
  /** aborted when the sandbox closes: pending deliveries and retries stop, and no timer keeps the process alive */
  private readonly closed = new AbortController();
  /** deliveries queued, in flight or waiting to retry, so a test can wait for every notification to land */
  pending = 0;

  constructor(
    public defaultUrl: string | undefined,
    private readonly noticeUrlOf: (impUid: string) => Promise<string | undefined>,
    private readonly retryDelayMs: number,
    private readonly log: (message: string) => void,
  ) {
    // every delivery in flight listens on it; a burst of them is not a leak
    setMaxListeners(0, this.closed.signal);
  }

  send(payment: IamportPayment, options: WebhookOptions = {}): void {
    this.pending += 1;
    void this.dispatch(payment, options)
      .catch((error: Error) => {
        if (!this.closed.signal.aborted) this.log(`webhook for ${payment.imp_uid} not sent: ${error.message}`);
      })
      .finally(() => (this.pending -= 1));
  }

  close(): void {
    this.closed.abort();
  }

  private async dispatch(payment: IamportPayment, options: WebhookOptions): Promise<void> {
    const url = options.url ?? (await this.noticeUrlOf(payment.imp_uid)) ?? this.defaultUrl;
    if (!url) return;
    const body = { imp_uid: payment.imp_uid, merchant_uid: payment.merchant_uid, status: options.status ?? payment.status, ...cancellationOf(payment) };
    const deliveries = Array.from({ length: options.times ?? 1 }, () => this.deliver(url, body, options.delayMs ?? 0));
    await Promise.all(deliveries);
  }

  private async deliver(url: string, body: Record<string, unknown>, delayMs: number): Promise<void> {
    const { signal } = this.closed;
    if (delayMs) await sleep(delayMs, undefined, { signal });
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      try {
        const response = await request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          headersTimeout: 30_000,
          bodyTimeout: 30_000,
          signal,
        });
        await response.body.dump();
        if (response.statusCode < 500) return;
      } catch {
        // network error: retried like a 5xx
      }
      this.log(`webhook to ${url} failed (attempt ${attempt})`);
      await sleep(this.retryDelayMs, undefined, { signal });
    }
  }
}
