import type { z } from 'zod';
import type { Db } from '../db/connect.js';
import { Invalid } from '../errors.js';
import { countUnownedHeld, failedWebhooks, failingPushes, heldPayments, refundsToFinish, type ListPage } from './inbox-lists.js';
import type { attentionListSchema, attentionSchema, INBOX_LISTS } from './schemas.js';

/**
 * The operator's inbox: everything waiting for a person, in four lists, each paged with its total. The count is what
 * a person has to do: each refund to finish, each held payment no refund carries, each failing push (an event not
 * delivered, however many endpoints), each webhook not resolved since. A duplicate whose refund waits for a person is
 * counted once, as the refund.
 */

type List = (typeof INBOX_LISTS)[number];

/** A list's cursor is the last key it returned (an id, or an endpoint URL), base64url-encoded. */
const encode = (key: string | null) => (key === null ? null : Buffer.from(key).toString('base64url'));

function decode(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Invalid('querystring.cursor: not a cursor this API returned');
  return Buffer.from(cursor, 'base64url').toString();
}

const withCursor = <T extends ListPage<unknown>>({ next, ...rest }: T) => ({ ...rest, next_cursor: encode(next) });

export async function readAttention(db: Db, limit: number): Promise<z.infer<typeof attentionSchema>> {
  const [refunds, held, pushes, webhooks, unowned] = await Promise.all([
    refundsToFinish(db, limit),
    heldPayments(db, limit),
    failingPushes(db, limit),
    failedWebhooks(db, limit),
    countUnownedHeld(db),
  ]);
  const waiting = refunds.total + unowned + pushes.events + webhooks.unresolved;
  return { waiting, refunds: withCursor(refunds), held: withCursor(held), pushes: withCursor(pushes), webhooks: withCursor(webhooks) };
}

/** One more page of one list. */
export async function readAttentionList(db: Db, list: List, limit: number, cursor?: string): Promise<z.infer<typeof attentionListSchema>> {
  const after = decode(cursor);
  switch (list) {
    case 'refunds':
      return withCursor(await refundsToFinish(db, limit, after));
    case 'held':
      return withCursor(await heldPayments(db, limit, after));
    case 'pushes':
      return withCursor(await failingPushes(db, limit, after));
    case 'webhooks':
      return withCursor(await failedWebhooks(db, limit, after));
  }
}

/** The inbox count alone, for the status strip's badge: the totals, without the pages. */
export async function countWaiting(db: Db): Promise<number> {
  return (await readAttention(db, 1)).waiting;
}
