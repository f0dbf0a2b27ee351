import type { Db } from '../db/connect.js';
import { sign, signedValue } from '../links/signed.js';

/** Separates the order from the payment a buyer came back with: never part of a merchant_uid the service makes. */
const CLAIM = '~';

export interface ResultReference {
  merchantUid: string;
  /** the payment the buyer came back from the window with (as its PSP names it), when it could not be verified yet */
  pendingReference?: string;
}

/**
 * The order's result page, `/payments/result?ref=<merchant_uid>.<signature>`. With `pendingReference` the reference
 * also carries the payment the buyer came back with and the service could not yet verify, so the page can say
 * "checking" (and verify again) instead of "not paid". Signed: an edited reference opens nothing.
 */
export async function resultPagePath(db: Db, merchantUid: string, pendingReference?: string): Promise<string> {
  const ref = await sign(db, 'payment-result-page', pendingReference ? `${merchantUid}${CLAIM}${pendingReference}` : merchantUid);
  return `/payments/result?${new URLSearchParams({ ref })}`;
}

/** What a reference made by resultPagePath names; undefined for anything else, an edited reference included. */
export async function readResultReference(db: Db, ref: string): Promise<ResultReference | undefined> {
  const value = await signedValue(db, 'payment-result-page', ref);
  if (value === undefined) return undefined;
  const cut = value.indexOf(CLAIM);
  return cut < 0 ? { merchantUid: value } : { merchantUid: value.slice(0, cut), pendingReference: value.slice(cut + 1) };
}
