import { randomBytes } from 'node:crypto';
import { Upstream } from '../errors.js';
import type { MoneyDeps } from './deps.js';
import { isNoop, type Context, type Fact, type Transition } from './facts.js';
import { transition } from './machine.js';
import type { SettlementState } from './model.js';
import { readState, writeTransition } from './store.js';

/** Concurrent changes of one order each cost a re-read; this many in a row means something is wrong. */
const MAX_TRIES = 25;

export interface Applied {
  before: SettlementState;
  result: Transition;
}

/** The state as committed: the write moved the order's version and its update time. */
function written(before: SettlementState, result: Transition, now: Date): Applied {
  result.order.version += 1;
  result.order.updated_at = now.toISOString();
  return { before, result };
}

export const newRefundId = (): string => `rf_${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;

/**
 * The one apply step for every change of an order, a payment or a refund: read the order with all it knows, decide
 * with the pure transition, and write the result in one statement that locks the order row and commits only if nobody
 * changed the order meanwhile; otherwise read and decide again. Nothing that changes nothing is written. Returns null
 * for an unknown order. Never called with a transaction open, and never holds one across a call to a PSP.
 */
export async function applyFact(deps: MoneyDeps, merchantUid: string, fact: Fact, read?: SettlementState): Promise<Applied | null> {
  for (let tries = 0; tries < MAX_TRIES; tries += 1) {
    // a state the caller read a moment ago serves the first try: the write's version check catches any change since
    const before = tries === 0 && read ? read : await readState(deps.pool, merchantUid);
    if (!before) return null;
    const ctx: Context = { now: new Date(), newRefundId };
    const result = transition(before, fact, deps.rules, ctx);
    if (result.rejection || isNoop(result)) return { before, result };
    if (await writeTransition(deps.pool, before, result, ctx.now, deps)) {
      deps.observe?.applied(before, result);
      return written(before, result, ctx.now);
    }
  }
  throw new Upstream(`order ${merchantUid} is changing too often to apply this now; retry`);
}
