import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/connect.js';

/** Long-polls held at once by one instance; beyond it a wait answers at once (documented per-instance limit). */
export const MAX_WAITING = 10_000;
const POLL_MS = 250;
const BATCH = 5_000;

interface Waiter {
  version: number;
  finish(changed: boolean): void;
}

/**
 * Wakes long-polls (`GET status_url?wait=N`) when their order changes, whichever instance changed it: one loop per
 * instance asks which of the orders waited on have moved past the version waited on, in one query every POLL_MS while
 * anyone waits (an index lookup per order, and no row back while nothing changes). A waiting request
 * holds no database connection, and nothing is added to the write path (a trigger's NOTIFY would serialise commits, and
 * LISTEN does not pass through a transaction-pooling PgBouncer).
 */
export class OrderWatch {
  private readonly waiting = new Map<string, Set<Waiter>>();
  private held = 0;
  private polling = false;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** True once the order's version is no longer `version`; false after `ms`, on `signal`, or when the watch closes. */
  changed(merchantUid: string, version: number, ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.closed || this.held >= MAX_WAITING || signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiters = this.waiting.get(merchantUid) ?? new Set<Waiter>();
      this.waiting.set(merchantUid, waiters);
      const timer = setTimeout(() => waiter.finish(false), ms);
      const onAbort = () => waiter.finish(false);
      const waiter: Waiter = {
        version,
        finish: (changed) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (!waiters.delete(waiter)) return;
          this.held -= 1;
          if (waiters.size === 0 && this.waiting.get(merchantUid) === waiters) this.waiting.delete(merchantUid);
          resolve(changed);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiters.add(waiter);
      this.held += 1;
      if (!this.polling) void this.poll();
    });
  }

  /** Answers every held request now (the instance is stopping). */
  close(): void {
    this.closed = true;
    for (const waiters of [...this.waiting.values()]) for (const waiter of [...waiters]) waiter.finish(false);
  }

  private async poll(): Promise<void> {
    this.polling = true;
    while (this.waiting.size > 0) {
      await sleep(POLL_MS);
      try {
        await this.wakeChanged();
      } catch (error) {
        this.log.warn({ err: error }, 'order watch: could not read order versions; retrying');
      }
    }
    this.polling = false;
  }

  /** Asks only for the orders whose version is no longer one waited on, so a quiet tick reads no row at all. */
  private async wakeChanged(): Promise<void> {
    const pairs = [...this.waiting].flatMap(([id, waiters]) => {
      const versions = new Set([...waiters].map((waiter) => waiter.version));
      return [...versions].map((version) => [id, version] as const);
    });
    for (let start = 0; start < pairs.length; start += BATCH) {
      const batch = pairs.slice(start, start + BATCH);
      const { rows } = await sql<{ merchant_uid: string; version: number | null }>`
        SELECT w.merchant_uid, o.version
        FROM unnest(${batch.map(([id]) => id)}::text[], ${batch.map(([, version]) => version)}::int[]) AS w(merchant_uid, version)
        LEFT JOIN orders o ON o.merchant_uid = w.merchant_uid
        WHERE o.version IS DISTINCT FROM w.version`.execute(this.db);
      // an order that is gone changed too: its waiters are told and find nothing
      for (const row of rows) {
        for (const waiter of [...(this.waiting.get(row.merchant_uid) ?? [])]) if (waiter.version !== row.version) waiter.finish(true);
      }
    }
  }
}
