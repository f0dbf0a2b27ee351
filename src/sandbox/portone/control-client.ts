import { request } from 'undici';
import type { z } from 'zod';
import type { actionSchema, completeCancelSchema, createSchema, webhookFaultSchema, webhookSchema } from './control-schemas.js';
import type { Cancellation } from './model.js';
import type { Endpoint, Fault, FaultKind } from './state.js';

export type { Endpoint, FaultKind };
export type NewPortOnePayment = z.input<typeof createSchema>;
export type ActionOptions = z.input<typeof actionSchema>;
export type WebhookOptions = z.input<typeof webhookSchema>;

/** Payment and PaymentTransaction as the simulator answers them (checked against the vendor schema by its tests). */
export type SandboxPayment = Record<string, any> & { id: string; transactionId: string; status: string };
export type SandboxTransaction = Record<string, any> & { id: string; paymentId: string; status: string };

/** What a control call that changes a payment answers: the payment now, the attempt acted on, a cancellation. */
export interface Controlled {
  payment: SandboxPayment;
  transaction: SandboxTransaction;
  cancellation?: Cancellation;
}

/** A typed client of the V2 simulator's control API (tests, the demo, benchmarks). `base` is its REST base URL. */
export class PortOneSandboxControl {
  constructor(private readonly base: string) {}

  /**
   * A new attempt under `paymentId` (a new payment, or another attempt of one), as PortOne records it, in any status
   * and for any amount (a tampered one too). TEST channel and card unless told otherwise; `at` dates it.
   */
  createPayment(input: NewPortOnePayment): Promise<Controlled> {
    return this.call('POST', '/__control/payments', input);
  }
  /** Money arrives in the newest issued account (or `transactionId`'s): PAID, webhook Transaction.Paid. */
  deposit(paymentId: string, options: ActionOptions = {}): Promise<Controlled> {
    return this.act(paymentId, 'deposit', options);
  }
  /** A READY, PAY_PENDING or FAILED card attempt is approved late: PAID, webhook Transaction.Paid. */
  pay(paymentId: string, options: ActionOptions = {}): Promise<Controlled> {
    return this.act(paymentId, 'pay', options);
  }
  /** A READY, PAY_PENDING attempt or an issued account fails (declined, expired): FAILED, webhook Transaction.Failed. */
  fail(paymentId: string, options: ActionOptions = {}): Promise<Controlled> {
    return this.act(paymentId, 'fail', options);
  }
  /** A cancel made in PortOne's console (trigger CONSOLE), full or partial, at once; its webhook unless `webhook: false`. */
  cancel(paymentId: string, options: ActionOptions = {}): Promise<Controlled> {
    return this.act(paymentId, 'cancel', options);
  }
  /** From now on the payment's API cancels answer REQUESTED (and send Transaction.CancelPending) until completed. */
  setAsyncCancels(paymentId: string, enabled = true): Promise<{ paymentId: string; asyncCancels: boolean }> {
    return this.call('POST', `/__control/payments/${encodeURIComponent(paymentId)}/async-cancels`, { enabled });
  }
  /** The oldest requested cancel (or the one named) is carried out, with its webhook; or, with `fail`, refused by the PG. */
  completeCancel(paymentId: string, options: z.input<typeof completeCancelSchema> = {}): Promise<Controlled> {
    return this.call('POST', `/__control/payments/${encodeURIComponent(paymentId)}/complete-cancel`, options);
  }
  /** A silent modification: a cash receipt is issued; updatedAt moves, status and statusChangedAt stay, no webhook. */
  issueCashReceipt(paymentId: string): Promise<Controlled> {
    return this.call('POST', `/__control/payments/${encodeURIComponent(paymentId)}/cash-receipt`, {});
  }
  /**
   * PortOne's answers for the payment (GET one, and the list) have these dotted paths set to anything and lack those
   * removed, e.g. `{ 'amount.total': '5000' }`, `['channel.type']`: a broken answer. Replaces an earlier one; none clears it.
   */
  overwrite(paymentId: string, fields: Record<string, unknown>, remove: string[] = []): Promise<SandboxPayment> {
    return this.call('POST', `/__control/payments/${encodeURIComponent(paymentId)}/overwrite`, { fields, remove });
  }
  /** A webhook about the payment's shown attempt (or `transactionId`), of its status or `type`; duplicated or delayed. */
  sendWebhook(paymentId: string, options: WebhookOptions = {}): Promise<void> {
    return this.call('POST', `/__control/payments/${encodeURIComponent(paymentId)}/webhook`, options);
  }
  /** The next `count` automatic webhooks are lost (`drop`) or sent `ms` late (`delay`). */
  injectWebhookFault(fault: z.input<typeof webhookFaultSchema>): Promise<void> {
    return this.call('POST', '/__control/webhook-faults', fault);
  }
  /** PortOne forgets the paymentId's pre-registration: any amount can then be paid. */
  forgetPreRegistration(paymentId: string): Promise<{ ok: true }> {
    return this.call('DELETE', `/__control/pre-registered/${encodeURIComponent(paymentId)}`);
  }
  /**
   * The next `count` REST calls (to `endpoint`, or any) fail: `5xx`, `malformed`, `reset` and `pgError` are not carried
   * out, `hang` is carried out after `ms`, `lost` is carried out and its answer dropped (the connection is destroyed).
   */
  injectFault(fault: Omit<Fault, 'remaining'> & { count: number }): Promise<void> {
    return this.call('POST', '/__control/faults', fault);
  }
  counters(): Promise<Partial<Record<Endpoint, number>>> {
    return this.call('GET', '/__control/counters');
  }
  /** Counters, armed faults and webhook faults are cleared (payments stay). */
  reset(): Promise<void> {
    return this.call('POST', '/__control/reset', {});
  }
  /** Waits until every webhook the simulator queued has been delivered or given up on. */
  async drainWebhooks(timeoutMs = 30_000): Promise<void> {
    for (const deadline = Date.now() + timeoutMs; (await this.call<{ pending: number }>('GET', '/__control/webhooks')).pending > 0; ) {
      if (Date.now() > deadline) throw new Error('portone sandbox webhooks still pending');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  setWebhookUrl(url: string | undefined): Promise<void> {
    return this.call('PUT', '/__control/webhook-url', url === undefined ? {} : { url });
  }

  private act(paymentId: string, action: string, options: ActionOptions): Promise<Controlled> {
    return this.call('POST', `/__control/payments/${encodeURIComponent(paymentId)}/${action}`, options);
  }

  private async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const response = await request(this.base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    if (response.statusCode >= 400) throw new Error(`portone sandbox control ${method} ${path}: ${response.statusCode} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
