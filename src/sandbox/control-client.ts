import { request } from 'undici';
import type { IamportPayment } from '../providers/iamport/schemas.js';
import type { NewPayment } from './new-payment.js';
import type { Endpoint, Fault, FaultKind } from './state.js';
import type { WebhookOptions } from './webhooks.js';

export type { Endpoint, FaultKind, NewPayment, IamportPayment as Payment };

/** A typed client of the sandbox's control API (tests, the demo, benchmarks). `base` is the REST base URL. */
export class SandboxControl {
  constructor(private readonly base: string) {}

  /**
   * A payment as the PG records it, in any state and for any amount (a tampered one too). It is a test-channel
   * payment (`sandbox: true`) unless `sandbox: false`; `pg_provider` (default html5_inicis) picks the PG.
   */
  createPayment(input: NewPayment & { webhook?: boolean; at?: number }): Promise<IamportPayment> {
    return this.call('POST', '/__control/payments', input);
  }
  /** A virtual account is paid into; sends its webhook. */
  deposit(impUid: string, options: { webhook?: boolean } = {}): Promise<IamportPayment> {
    return this.call('POST', `/__control/payments/${impUid}/deposit`, options);
  }
  /** A `ready` or `failed` payment is approved (e.g. PayPal's late approval); sends its webhook. */
  pay(impUid: string): Promise<IamportPayment> {
    return this.call('POST', `/__control/payments/${impUid}/pay`, {});
  }
  fail(impUid: string, reason?: string): Promise<IamportPayment> {
    return this.call('POST', `/__control/payments/${impUid}/fail`, { reason });
  }
  /** A PG-side (console) cancel, full or partial; sends its webhook. */
  cancel(impUid: string, amount?: number, reason?: string, options: { webhook?: boolean } = {}): Promise<IamportPayment> {
    return this.call('POST', `/__control/payments/${impUid}/cancel`, { amount, reason, ...options });
  }
  /** A cash receipt is issued: the payment is modified (first in `sorting=-updated`) with its status times unchanged. */
  issueCashReceipt(impUid: string): Promise<IamportPayment> {
    return this.call('POST', `/__control/payments/${impUid}/cash-receipt`, {});
  }
  /** i'mport's answer for the payment has these fields as given, of any type, and lacks those removed: a broken answer. */
  overwrite(impUid: string, fields: Record<string, unknown>, remove: string[] = []): Promise<IamportPayment> {
    return this.call('POST', `/__control/payments/${impUid}/overwrite`, { fields, remove });
  }
  sendWebhook(impUid: string, options: WebhookOptions = {}): Promise<void> {
    return this.call('POST', `/__control/payments/${impUid}/webhook`, options);
  }
  /** i'mport forgets the order's pre-registered amount (a PG that does not enforce it): any amount can be paid. */
  forgetPrepared(merchantUid: string): Promise<{ ok: true }> {
    return this.call('DELETE', `/__control/prepared/${encodeURIComponent(merchantUid)}`);
  }
  /**
   * The next `count` REST calls (to `endpoint`, or any) fail: `5xx`, `malformed` and `reset` are not carried out,
   * `hang` is carried out after `ms`, `lost` is carried out and its answer dropped (the connection is destroyed).
   */
  injectFault(fault: Omit<Fault, 'remaining'> & { count: number }): Promise<void> {
    return this.call('POST', '/__control/faults', fault);
  }
  counters(): Promise<Record<string, number>> {
    return this.call('GET', '/__control/counters');
  }
  reset(): Promise<void> {
    return this.call('POST', '/__control/reset', {});
  }
  /** Waits until every notification the sandbox queued has been delivered or given up on. */
  async drainWebhooks(timeoutMs = 30_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; (await this.call<{ pending: number }>('GET', '/__control/webhooks')).pending > 0; ) {
      if (Date.now() > deadline) throw new Error('sandbox webhooks still pending');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  setWebhookUrl(url: string): Promise<void> {
    return this.call('PUT', '/__control/webhook-url', { url });
  }

  private async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await request(this.base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 400) throw new Error(`sandbox control ${method} ${path}: ${response.statusCode} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
