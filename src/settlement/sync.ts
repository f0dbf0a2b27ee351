import { NotFound } from '../errors.js';
import { observed } from './observer.js';
import type { MoneyDeps } from './deps.js';
import type { SettlementState } from './model.js';
import { registerAmount } from './orders.js';
import { readState } from './store.js';
import { observeAndCarryOut } from './verify.js';

/**
 * Fetches the truth from the order's PSP now: every payment ever made for the order id (not only the latest paid one,
 * so a refund made at the PSP's console of any of them is seen), applied at once, with an open account past its due
 * date expired. Used by POST /orders/{id}/sync and by the sweeper.
 */
export function syncOrder(deps: MoneyDeps, merchantUid: string, source: 'sync' | 'sweeper' = 'sync'): Promise<SettlementState> {
  return observed(deps.observe, source, () => sync(deps, merchantUid), (state) => state.order.status);
}

async function sync(deps: MoneyDeps, merchantUid: string): Promise<SettlementState> {
  const state = await readState(deps.pool, merchantUid);
  if (!state) throw new NotFound(`no order ${merchantUid}`);
  // registering changes the order; otherwise the state read here serves the apply step's first try, as a
  // verification's does (its version check catches any change since)
  const current = state.order.amount_registered ? state : undefined;
  await registerAmount(deps, state.order);
  const payments = await deps.providers.of(state.order.provider).findAll(merchantUid);
  const applied = await observeAndCarryOut(deps, merchantUid, payments, true, current);
  return applied?.result ?? state;
}
