import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { BusinessMetrics } from '../http/business-metrics.js';
import { countOrdersNeedingOperator, readOutbox } from '../http/database-gauges.js';
import { countWaiting } from './attention.js';
import type { statusSchema } from './schemas.js';

/**
 * The console's status strip. What i'mport answered and the sweeper's last pass are this instance's memory (no i'mport
 * call and no sweep costs a database write); behind a balancer, each instance tells its own. The rest is read now.
 */
export async function readStatus(db: Db, business: BusinessMetrics, config: Config): Promise<z.infer<typeof statusSchema>> {
  const push = Boolean(config.eventWebhook);
  const [outbox, needingOperator, waiting, paidPass] = await Promise.all([
    readOutbox(db, push),
    countOrdersNeedingOperator(db),
    countWaiting(db),
    db.selectFrom('reconcile_passes').select('finished_at').where('name', '=', 'recent_changes').executeTakeFirst(),
  ]);
  return {
    iamport: { ...business.iamport },
    sweeper: {
      enabled: config.reconcileIntervalMs > 0,
      interval_ms: config.reconcileIntervalMs,
      last_pass: business.lastSweep,
      paid_recheck_finished_at: paidPass?.finished_at ? new Date(paidPass.finished_at).toISOString() : null,
    },
    outbox: { push, ...outbox },
    orders_needing_operator: needingOperator,
    waiting,
  };
}
