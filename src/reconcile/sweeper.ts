import type { FastifyInstance } from 'fastify';
import { metricsClient } from '../http/metrics.js';
import { syncOrder } from '../orders/service.js';
import type { MoneyDeps } from '../payments/deps.js';
import { registerRepeatingJob } from '../jobs/repeat.js';
import { claimOrdersToSweep } from './claim.js';
import { expireVirtualAccount } from './expire-vbank.js';
import { retryOwedRefunds } from './owed-refunds.js';

export interface SweepResult {
  checked: number;
  changed: number;
  errors: number;
}

const BATCH_SIZE = 50;

/**
 * One pass: re-check a batch of unfinished orders at i'mport and apply the truth through the verify routine, then
 * retry the refunds of forged and duplicate payments that an outage left undone.
 */
export async function sweepOnce(deps: MoneyDeps, minAgeMs: number, batchSize = BATCH_SIZE): Promise<SweepResult> {
  const claimed = await claimOrdersToSweep(deps.db, minAgeMs, batchSize);
  const result: SweepResult = { checked: claimed.length, changed: 0, errors: 0 };
  for (const { merchant_uid, status } of claimed) {
    try {
      const order = await syncOrder(deps, merchant_uid);
      const expired = await expireVirtualAccount(deps, order);
      if (expired || order.status !== status) result.changed += 1;
    } catch (error) {
      result.errors += 1;
      deps.log.warn({ merchant_uid, err: error }, 'sweep of one order failed; it is retried on a later pass');
    }
  }
  const refunds = await retryOwedRefunds(deps, minAgeMs, batchSize);
  result.checked += refunds.checked;
  result.errors += refunds.errors;
  if (result.checked) deps.log.info(result, 'reconciliation sweep');
  return result;
}

/** Runs sweepOnce every RECONCILE_INTERVAL_MS on every instance; the claim makes that safe. */
export function registerSweeper(app: FastifyInstance, deps: MoneyDeps, options: { intervalMs: number; minAgeMs: number }): void {
  if (options.intervalMs <= 0) return;
  const counter = (name: string, help: string) => new metricsClient.Counter({ name, help, registers: [app.deps.metrics] });
  const checked = counter('reconcile_orders_checked_total', "orders re-checked against i'mport by the sweeper");
  const changed = counter('reconcile_orders_changed_total', 'orders whose state the sweeper changed');
  const errors = counter('reconcile_errors_total', 'orders the sweeper could not check');
  registerRepeatingJob(app, 'reconciliation sweep', options.intervalMs, async () => {
    const result = await sweepOnce(deps, options.minAgeMs);
    checked.inc(result.checked);
    changed.inc(result.changed);
    errors.inc(result.errors);
  });
}
