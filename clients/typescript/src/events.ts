import { setTimeout as sleep } from 'node:timers/promises';
import type { EventPage, ListEventsQuery, OrderEvent } from './types.js';

/** Where a consumer keeps the id of the last event it has handled, e.g. a row in its own database. */
export interface CursorStore {
  /** the last handled event's id, or null to start from the first event */
  load(): Promise<string | null> | string | null;
  save(eventId: string): Promise<void> | void;
}

/** A cursor kept in memory only: for tests and for consumers that replay the feed from the start on every run. */
export function memoryCursor(initial: string | null = null): CursorStore & { current: string | null } {
  const store = {
    current: initial,
    load: () => store.current,
    save: (eventId: string) => void (store.current = eventId),
  };
  return store;
}

export interface EventFeedOptions {
  cursor: CursorStore;
  /** events per request (default 100, at most 500) */
  limit?: number;
  /** after the last page, keep polling for new events instead of ending (stop with `signal`) */
  follow?: boolean;
  /** how long to wait between polls once caught up (default 1 s) */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

/** Waits, or stops waiting when the signal aborts (the loop then ends). */
const pause = (ms: number, signal?: AbortSignal) => sleep(ms, undefined, { signal }).catch(() => undefined);

/**
 * Every event after the stored cursor, oldest first, page by page. An event's id is saved once the loop body that
 * received it has finished (when the next one is asked for), so an event whose handling threw, or after which the loop
 * was left, is delivered again next time: at least once, in order.
 */
export async function* eventFeed(listEvents: (query: ListEventsQuery) => Promise<EventPage>, options: EventFeedOptions): AsyncGenerator<OrderEvent> {
  const { cursor, limit = 100, follow = false, pollIntervalMs = 1000, signal } = options;
  let after = (await cursor.load()) ?? '0';
  while (!signal?.aborted) {
    const page = await listEvents({ after, limit }).catch((error: unknown) => {
      if (signal?.aborted) return undefined; // stopped on purpose: the loop ends
      throw error;
    });
    if (!page) return;
    for (const event of page.items) {
      yield event;
      after = event.id;
      await cursor.save(after);
    }
    if (page.next_cursor !== null) continue;
    if (!follow) return;
    await pause(pollIntervalMs, signal);
  }
}
