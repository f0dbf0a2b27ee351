import { NotFound, Upstream } from '../errors.js';
import type { Transition } from './facts.js';
import type { SettlementState } from './model.js';

/**
 * What the money path tells as it goes, for the business metrics and the console's status strip
 * (`http/business-metrics.ts` implements it). Every call is in-process bookkeeping: no I/O, nothing that can fail.
 */
export interface Observer {
  /** a verification ended: `source` is who asked (callback, redirect, webhook, sync, sweeper) */
  verified(source: string, outcome: string): void;
  /** a change of an order committed */
  applied(before: SettlementState, after: Transition): void;
  /** a webhook's verification committed, `seconds` after the delivery arrived */
  webhookCommitted(outcome: string, seconds: number): void;
  /** one pass of the sweeper */
  swept(result: { claimed: number; checked: number; changed: number; errors: number }): void;
  /** one step of a verification took `seconds`, waits for the event loop and the pool included */
  phase(phase: VerificationPhase, seconds: number): void;
}

/** A verification's steps: read the order, ask the PSP, apply what it said (with the refunds that committed). */
export type VerificationPhase = 'read' | 'psp' | 'apply';

/** Runs one step of a verification and reports how long it took, whether it succeeded or threw. */
export async function timed<T>(observer: Observer | undefined, phase: VerificationPhase, work: () => Promise<T>): Promise<T> {
  if (!observer) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    observer.phase(phase, (performance.now() - started) / 1000);
  }
}

/** What a verification that threw counts as. */
function failureOutcome(error: unknown): string {
  if (error instanceof Upstream) return 'unavailable';
  return error instanceof NotFound ? 'notFound' : 'error';
}

/** Runs a verification and reports how it ended, thrown errors included. */
export async function observed<T>(observer: Observer | undefined, source: string, work: () => Promise<T>, outcomeOf: (result: T) => string): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    observer?.verified(source, failureOutcome(error));
    throw error;
  }
  observer?.verified(source, outcomeOf(result));
  return result;
}
