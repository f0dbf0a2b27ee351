import type { FastifyInstance } from 'fastify';
import { metricName, metricsClient } from '../http/metrics.js';
import { registerRepeatingJob } from '../jobs/repeat.js';
import { claimDueRefunds } from '../settlement/claims.js';
import type { MoneyDeps } from '../settlement/deps.js';
import { carryOut } from '../settlement/refunds.js';
import { syncOrder } from '../settlement/sync.js';
import { claimOrdersToSweep, claimOrdersWithUnverifiable } from './claim.js';
import { recheckRecentChanges } from './recent-changes.js';

export interface SweepResult {
  /** unfinished orders claimed for this pass */
  claimed: number;
  checked: number;
  changed: number;
  errors: number;
}

const BATCH_SIZE = 50;

/**
 * One pass: re-check a batch of unfinished orders at i'mport (every payment of each, an account past its due date
 * expired) and of orders holding a payment i'mport answered unverifiably, then carry out the refunds and revokes still
 * owed (an outage, a lost answer, a crash after commit).
 */
export async function sweepOnce(deps: MoneyDeps, minAgeMs: number, batchSize = BATCH_SIZE): Promise<SweepResult> {
  const unfinished = await claimOrdersToSweep(deps.db, minAgeMs, batchSize);
  const claimed = [...unfinished, ...(await claimOrdersWithUnverifiable(deps.db, minAgeMs, batchSize))];
  const result: SweepResult = { claimed: claimed.length, checked: claimed.length, changed: 0, errors: 0 };
  for (const { merchant_uid, status } of claimed) {
    try {
      const state = await syncOrder(deps, merchant_uid, 'sweeper');
      if (state.order.status !== status) result.changed += 1;
    } catch (error) {
      result.errors += 1;
      deps.log.warn({ merchant_uid, err: error }, 'sweep of one order failed; it is retried on a later pass');
    }
  }
  for (const { merchant_uid, refund } of await claimDueRefunds(deps.db, batchSize)) {
    result.checked += 1;
    await carryOut(deps, merchant_uid, refund, false).catch((error: unknown) => {
      result.errors += 1;
      deps.log.warn({ refund_id: refund.id, err: error }, 'owed refund not carried out; it is retried on a later pass');
    });
  }
  if (result.checked) deps.log.info(result, 'reconciliation sweep');
  return result;
}

export interface SweeperOptions {
  intervalMs: number;
  minAgeMs: number;
  paidIntervalMs: number;
}

/** Runs the sweep every RECONCILE_INTERVAL_MS and the paid re-check every RECONCILE_PAID_INTERVAL_MS, on every instance. */
export function registerSweeper(app: FastifyInstance, deps: MoneyDeps, options: SweeperOptions): void {
  // exported even when off, so an alert can tell a sweeper turned off on purpose (0) from one that stalled
  const interval = new metricsClient.Gauge({
    name: metricName('reconcile_interval_seconds'),
    help: 'RECONCILE_INTERVAL_MS of this instance, in seconds; 0: the sweeper is off on purpose',
    registers: [app.deps.metrics],
  });
  interval.set(options.intervalMs / 1000);
  if (options.intervalMs <= 0) return;
  const counter = (name: string, help: string) => new metricsClient.Counter({ name: metricName(name), help, registers: [app.deps.metrics] });
  const checked = counter('reconcile_orders_checked_total', "orders and refunds re-checked against i'mport by the sweeper");
  const changed = counter('reconcile_orders_changed_total', 'orders whose state the sweeper changed');
  const errors = counter('reconcile_errors_total', 'orders the sweeper could not check');
  registerRepeatingJob(app, 'reconciliation sweep', options.intervalMs, async () => {
    const result = await sweepOnce(deps, options.minAgeMs);
    checked.inc(result.checked);
    changed.inc(result.changed);
    errors.inc(result.errors);
    deps.observe?.swept(result);
  });
  if (options.paidIntervalMs > 0) {
    // polled more often than it runs: the lease row decides when a pass is due, across instances
    const poll = Math.min(options.paidIntervalMs, options.intervalMs);
    registerRepeatingJob(app, 'recent changes at i\'mport', poll, () => recheckRecentChanges(deps, options.paidIntervalMs));
  }
}
