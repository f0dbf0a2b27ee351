import { randomBytes } from 'node:crypto';
import { PspRefused, Upstream } from '../errors.js';
import type { Buyer } from '../db/schema.js';
import { applyFact } from './apply.js';
import type { MoneyDeps } from './deps.js';
import { PSP_NAME, type Provider } from './model.js';

export interface NewOrderInput {
  provider: Provider;
  amount: number;
  name: string;
  buyer?: Buyer;
  metadata?: Record<string, unknown>;
  pay_methods?: string[];
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `ord` + 48 bits of milliseconds (time-sortable) + 16 random base-62 digits (over 90 bits): unique without
 * coordination and not guessable from any other order's id. Letters and digits only, 28 characters: every PSP API
 * and every V2 PG takes it as the payment's id.
 */
export function newMerchantUid(now = Date.now()): string {
  const random = [...randomBytes(16)].map((byte) => BASE62[byte % 62]).join('');
  return `ord${now.toString(36).padStart(9, '0')}${random}`;
}

/**
 * Stores the order and registers its amount with its PSP before answering, so the PSP itself refuses a payment of any
 * other amount. If the PSP cannot be reached the order is removed and the caller gets 503: no order is left behind
 * that the PSP does not know (a crash in between leaves it unregistered, and the sweeper registers it).
 */
export async function openOrder(deps: MoneyDeps, input: NewOrderInput): Promise<string> {
  deps.providers.of(input.provider);
  const { merchant_uid } = await deps.db
    .insertInto('orders')
    .values({
      merchant_uid: newMerchantUid(),
      provider: input.provider,
      name: input.name,
      amount: input.amount,
      buyer: JSON.stringify(input.buyer ?? {}),
      metadata: JSON.stringify(input.metadata ?? {}),
      pay_methods: input.pay_methods ?? null,
    })
    .returning('merchant_uid')
    .executeTakeFirstOrThrow();
  try {
    await registerAmount(deps, { merchant_uid, provider: input.provider, amount: input.amount, currency: 'KRW', amount_registered: false });
  } catch (error) {
    await deps.db.deleteFrom('orders').where('merchant_uid', '=', merchant_uid).where('amount_registered', '=', false).execute();
    throw error;
  }
  return merchant_uid;
}

interface Unregistered {
  merchant_uid: string;
  provider: Provider;
  amount: number;
  currency: string;
  amount_registered: boolean;
}

/** Registers the order's amount with its PSP; the order counts as created (one `order.created`) from then on. */
export async function registerAmount(deps: MoneyDeps, order: Unregistered): Promise<void> {
  if (order.amount_registered) return;
  await deps.providers.of(order.provider).registerAmount(order).catch((error: unknown) => {
    if (!(error instanceof PspRefused)) throw error;
    // not the caller's fault and nothing we can correct here: the order is not payable until the PSP takes it
    throw new Upstream(`${PSP_NAME[order.provider]} refused to register the amount: ${error.pspMessage}`);
  });
  await applyFact(deps, order.merchant_uid, { kind: 'registered' });
}
