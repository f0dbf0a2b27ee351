import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { request } from 'undici';

export const WEBHOOK_TYPES = [
  'Transaction.Ready',
  'Transaction.Paid',
  'Transaction.VirtualAccountIssued',
  'Transaction.PartialCancelled',
  'Transaction.Cancelled',
  'Transaction.Failed',
  'Transaction.PayPending',
  'Transaction.CancelPending',
] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];

export interface WebhookEvent {
  type: WebhookType;
  paymentId: string;
  transactionId: string;
  cancellationId?: string;
  /** the attempt's noticeUrls: they replace the configured URL */
  noticeUrls?: string[];
  /** when the event happened (default now); unchanged across retries */
  timestamp?: string;
}

export interface SendOptions {
  url?: string;
  /** the same message (same webhook-id) delivered this many times, as after an acknowledgement PortOne lost */
  times?: number;
  delayMs?: number;
}

/** Armed against the next automatic webhooks: `drop` (never sent, a lost webhook) or `delay` (sent `ms` late). */
export interface WebhookFault {
  kind: 'drop' | 'delay';
  remaining: number;
  ms?: number;
}

/** PortOne's waits before each of its 5 retries, in minutes, before jitter (fact sheet §6). */
export const RETRY_MINUTES = [1, 4, 16, 64, 256];

/**
 * PortOne's webhooks, version 2024-04-25: `{ type, timestamp, data }` POSTed as JSON and signed with Standard Webhooks.
 * A failed delivery (network error or non-2xx) is retried up to 5 times with PortOne's backoff, scaled by
 * `retryScale` (1 = real minutes); each retry keeps its webhook-id and body and is signed anew at its send time.
 */
export class PortOneWebhookSender {
  private readonly closed = new AbortController();
  private readonly signer: Webhook;
  /** deliveries queued, in flight or waiting to retry */
  pending = 0;
  faults: WebhookFault[] = [];

  constructor(
    public defaultUrl: string | undefined,
    private readonly storeId: string,
    secret: string,
    private readonly retryScale: number,
    private readonly log: (message: string) => void,
  ) {
    this.signer = new Webhook(secret);
    setMaxListeners(0, this.closed.signal);
  }

  send(event: WebhookEvent, options: SendOptions = {}): void {
    const fault = options.url === undefined ? this.takeFault() : undefined;
    if (fault?.kind === 'drop') return;
    const delayMs = (options.delayMs ?? 0) + (fault?.ms ?? 0);
    const body = JSON.stringify({
      type: event.type,
      timestamp: event.timestamp ?? new Date().toISOString(),
      data: { storeId: this.storeId, paymentId: event.paymentId, transactionId: event.transactionId, ...(event.cancellationId ? { cancellationId: event.cancellationId } : {}) },
    });
    const urls = options.url ? [options.url] : event.noticeUrls?.length ? event.noticeUrls : this.defaultUrl ? [this.defaultUrl] : [];
    for (const url of urls) {
      const id = randomUUID();
      for (let copy = 0; copy < (options.times ?? 1); copy += 1) this.track(this.deliver(url, id, body, delayMs), event.paymentId);
    }
  }

  close(): void {
    this.closed.abort();
  }

  private takeFault(): WebhookFault | undefined {
    const fault = this.faults.find((f) => f.remaining > 0);
    if (fault) fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault;
  }

  private track(delivery: Promise<void>, paymentId: string): void {
    this.pending += 1;
    void delivery
      .catch((error: Error) => {
        if (!this.closed.signal.aborted) this.log(`webhook for ${paymentId} not sent: ${error.message}`);
      })
      .finally(() => (this.pending -= 1));
  }

  private async deliver(url: string, id: string, body: string, delayMs: number): Promise<void> {
    const { signal } = this.closed;
    if (delayMs) await sleep(delayMs, undefined, { signal });
    for (let attempt = 0; attempt <= RETRY_MINUTES.length; attempt += 1) {
      if (await this.post(url, id, body)) return;
      const minutes = RETRY_MINUTES[attempt];
      if (minutes === undefined) break;
      this.log(`webhook ${id} to ${url} failed (attempt ${attempt + 1})`);
      await sleep(minutes * 60_000 * this.retryScale * (1 + Math.random() * 0.1), undefined, { signal });
    }
  }

  /** One send; true when the shop answered 2xx. PortOne's timeouts: 30 s to connect, 30 s to read. */
  private async post(url: string, id: string, body: string): Promise<boolean> {
    const now = new Date();
    try {
      const response = await request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': this.signer.sign(id, now, body),
        },
        body,
        headersTimeout: 30_000,
        bodyTimeout: 30_000,
        signal: this.closed.signal,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300;
    } catch (error) {
      if (this.closed.signal.aborted) throw error;
      return false;
    }
  }
}
