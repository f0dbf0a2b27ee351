import { createServer } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'tap';
import type { SandboxControl } from '../../src/sandbox/control-client.js';

/** The service's internal API and public callback, as test/helpers/service.ts and the screenshot script both offer. */
export interface Api {
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  post(path: string, body: unknown): Promise<{ status: number; body: any }>;
}

export interface Shop extends Api {
  control: SandboxControl;
}

export async function createOrder(shop: Api, amount: number, name = 'T-shirt', buyer?: Record<string, string>): Promise<any> {
  const created = await shop.api('POST', '/orders', { amount, name, ...(buyer ? { buyer } : {}) });
  if (created.status !== 201) throw new Error(`order not created: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body;
}

/** Pays an order by card through the browser's callback; returns the imp_uid. */
export async function payByCard(shop: Shop, merchantUid: string, amount: number): Promise<string> {
  const payment = await shop.control.createPayment({ merchant_uid: merchantUid, amount });
  await shop.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: merchantUid });
  return payment.imp_uid;
}

/** "The customer says they paid twice": two card payments for one order; the second is refunded automatically. */
export async function paidTwice(shop: Shop, amount: number, name = 'T-shirt', buyer?: Record<string, string>) {
  const order = await createOrder(shop, amount, name, buyer);
  const first = await payByCard(shop, order.merchant_uid, amount);
  const second = await payByCard(shop, order.merchant_uid, amount);
  return { merchantUid: order.merchant_uid as string, first, second };
}

/**
 * A refund i'mport refuses: the order is paid by card, then a virtual account for it is deposited too; refunding a
 * deposit needs the buyer's bank account, which the service does not have, so it is left to an operator.
 */
export async function refundNeedingOperator(shop: Shop, amount: number, name = 'Mug') {
  const order = await createOrder(shop, amount, name);
  const card = await payByCard(shop, order.merchant_uid, amount);
  const vbank = await shop.control.createPayment({ merchant_uid: order.merchant_uid, amount, status: 'ready', pay_method: 'vbank' });
  await shop.control.deposit(vbank.imp_uid);
  await shop.post('/payments/complete', { imp_uid: vbank.imp_uid, merchant_uid: order.merchant_uid });
  return { merchantUid: order.merchant_uid as string, card, vbank: vbank.imp_uid };
}

/** Polls until `check` returns something truthy, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** A receiver of pushed events that always answers 500, so every delivery fails and is retried. */
export async function failingReceiver(t: Test): Promise<string> {
  const server = createServer((_request, response) => response.writeHead(500).end('down'));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
}
