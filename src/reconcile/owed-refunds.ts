import { sql } from 'kysely';
import type { MoneyDeps } from '../payments/deps.js';
import { verifyPayment } from '../payments/verify.js';

/**
 * Claims forged and duplicate payments whose automatic cancel did not go through (i'mport was down at the time),
 * stamping `updated_at` so that each is retried once per `minAgeMs`; SKIP LOCKED keeps instances apart.
 */
async function claimOwedRefunds(deps: MoneyDeps, minAgeMs: number, batchSize: number): Promise<string[]> {
  const verdicts = deps.config.autoCancelForgery ? ['duplicate', 'forgery'] : ['duplicate'];
  const { rows } = await sql<{ imp_uid: string }>`
    UPDATE payments SET updated_at = now()
    WHERE imp_uid IN (
      SELECT imp_uid FROM payments
      WHERE status IN ('paid', 'ready') AND verdict IN (${sql.join(verdicts)})
        AND updated_at <= now() - make_interval(secs => ${minAgeMs / 1000})
      ORDER BY updated_at
      LIMIT ${batchSize}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING imp_uid`.execute(deps.db);
  return rows.map((row) => row.imp_uid);
}

/**
 * Verifies each owed refund again: the same routine re-reads the payment and cancels it with a fresh checksum, so a
 * refund that did land meanwhile is never made twice. Returns how many were claimed and how many failed.
 */
export async function retryOwedRefunds(deps: MoneyDeps, minAgeMs: number, batchSize: number): Promise<{ checked: number; errors: number }> {
  const owed = await claimOwedRefunds(deps, minAgeMs, batchSize);
  let errors = 0;
  for (const impUid of owed) {
    await verifyPayment(deps, { impUid, source: 'sweeper' }).catch((error: unknown) => {
      errors += 1;
      deps.log.warn({ imp_uid: impUid, err: error }, 'owed refund not retried; it is retried on a later pass');
    });
  }
  return { checked: owed.length, errors };
}
