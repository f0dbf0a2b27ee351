import { randomBytes } from 'node:crypto';
import { NotFound, Upstream } from '../http/errors.js';
import { IamportRefused } from '../iamport/errors.js';
import type { Buyer, OrderRow } from '../db/schema.js';
import type { MoneyDeps } from '../payments/deps.js';
import { verifyPayment } from '../payments/verify.js';
import { findOrder, updateOrder } from './repository.js';
import { inTransaction } from '../db/connect.js';
import { recordEvent } from '../events/record.js';

export interface NewOrderInput {
  amount: number;
  name: string;
  buyer?: Buyer;
  metadata?: Record<string, unknown>;
  pay_methods?: string[];
}

/**
 * `ord_` + 48 bits of milliseconds (time-sortable) + 80 random bits: unique without coordination and not
 * guessable from any other order's id.
 */
export function newMerchantUid(now = Date.now()): string {
  return `ord_${now.toString(36).padStart(9, '0')}${randomBytes(10).toString('base64url')}`;
}

/**
 * Stores the order and registers its amount with i'mport before answering, so i'mport itself refuses a payment of
 * any other amount. If i'mport cannot be reached the order is removed and the caller gets 503: no order is left
 * behind that i'mport does not know (a crash in between leaves it unregistered, and the sweeper registers it).
 */
export async function createOrder(deps: MoneyDeps, input: NewOrderInput): Promise<OrderRow> {
  const order = await deps.db
    .insertInto('orders')
    .values({
      merchant_uid: newMerchantUid(),
      name: input.name,
      amount: input.amount,
      buyer: JSON.stringify(input.buyer ?? {}),
      metadata: JSON.stringify(input.metadata ?? {}),
      pay_methods: input.pay_methods ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  try {
    return await registerAmount(deps, order);
  } catch (error) {
    await deps.db.deleteFrom('orders').where('merchant_uid', '=', order.merchant_uid).where('amount_registered', '=', false).execute();
    throw error;
  }
}

export async function getOrder(deps: Pick<MoneyDeps, 'db'>, merchantUid: string): Promise<OrderRow> {
  const order = await findOrder(deps.db, merchantUid);
  if (!order) throw new NotFound(`no order ${merchantUid}`);
  return order;
}

/** Registers the order's amount with i'mport; the order counts as created (one `order.created`) from then on. */
export async function registerAmount(deps: MoneyDeps, order: OrderRow): Promise<OrderRow> {
  if (order.amount_registered) return order;
  await deps.iamport.prepare(order.merchant_uid, Number(order.amount)).catch((error: unknown) => {
    if (!(error instanceof IamportRefused)) throw error;
    // not the caller's fault and nothing we can correct here: the order is not payable until i'mport takes it
    throw new Upstream(`i'mport refused to register the amount: ${error.iamportMessage}`);
  });
  return inTransaction(deps.db, async (tx) => {
    const registered = await updateOrder(tx, order.merchant_uid, { amount_registered: true });
    await recordEvent(tx, registered, { type: 'order.created', transition: 'created' });
    return registered;
  });
}

/** Fetches the truth from i'mport now and applies it through the one verification routine. */
export async function syncOrder(deps: MoneyDeps, merchantUid: string): Promise<OrderRow> {
  const order = await registerAmount(deps, await getOrder(deps, merchantUid));
  // a paid payment wins over a newer failed retry of the same order
  const payment = (await deps.iamport.findPayment(merchantUid, 'paid')) ?? (await deps.iamport.findPayment(merchantUid));
  if (!payment) return order;
  const result = await verifyPayment(deps, { impUid: payment.imp_uid, payment, source: 'sync' });
  return result.order ?? order;
}
