import { randomBytes } from 'node:crypto';
import { Upstream } from '../errors.js';
import { IamportRefused } from '../iamport/errors.js';
import type { Buyer } from '../db/schema.js';
import { applyFact } from './apply.js';
import type { MoneyDeps } from './deps.js';

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
export async function openOrder(deps: MoneyDeps, input: NewOrderInput): Promise<string> {
  const { merchant_uid } = await deps.db
    .insertInto('orders')
    .values({
      merchant_uid: newMerchantUid(),
      name: input.name,
      amount: input.amount,
      buyer: JSON.stringify(input.buyer ?? {}),
      metadata: JSON.stringify(input.metadata ?? {}),
      pay_methods: input.pay_methods ?? null,
    })
    .returning('merchant_uid')
    .executeTakeFirstOrThrow();
  try {
    await registerAmount(deps, { merchant_uid, amount: input.amount, amount_registered: false });
  } catch (error) {
    await deps.db.deleteFrom('orders').where('merchant_uid', '=', merchant_uid).where('amount_registered', '=', false).execute();
    throw error;
  }
  return merchant_uid;
}

/** Registers the order's amount with i'mport; the order counts as created (one `order.created`) from then on. */
export async function registerAmount(deps: MoneyDeps, order: { merchant_uid: string; amount: number; amount_registered: boolean }): Promise<void> {
  if (order.amount_registered) return;
  await deps.iamport.prepare(order.merchant_uid, order.amount).catch((error: unknown) => {
    if (!(error instanceof IamportRefused)) throw error;
    // not the caller's fault and nothing we can correct here: the order is not payable until i'mport takes it
    throw new Upstream(`i'mport refused to register the amount: ${error.iamportMessage}`);
  });
  await applyFact(deps, order.merchant_uid, { kind: 'registered' });
}
