import type pg from 'pg';
import { AppError, NotFound } from '../errors.js';
import { isLinkExpired } from '../links/expiry.js';
import type { SettlementState } from '../settlement/model.js';
import { readState } from '../settlement/store.js';

export class LinkExpired extends AppError {
  constructor(what: string) {
    super(410, 'expired', `this ${what} has expired`);
  }
}

/**
 * The order a buyer's link names, with its payments and refunds: a 404 when there is none, a 410 once the link has
 * expired (7 days after the order's last change, or a day after its account's due date), so an old link shows nothing.
 */
export async function readLinkedOrder(pool: pg.Pool, merchantUid: string, what: string): Promise<SettlementState> {
  const state = await readState(pool, merchantUid);
  if (!state) throw new NotFound(`this ${what} is not valid`);
  if (isLinkExpired(state.order)) throw new LinkExpired(what);
  return state;
}
