import type { Db } from '../db/connect.js';
import { sign, signedValue } from './signed.js';

/** The path of the order's status URL (API.md: status_url): signed, so editing it gives nothing but a 404. */
export async function statusPathOf(db: Db, merchantUid: string): Promise<string> {
  return `/payments/status/${encodeURIComponent(await sign(db, 'order-status-url', merchantUid))}`;
}

/** The public, absolute status URL handed to browsers. */
export async function statusUrlOf(db: Db, publicBaseUrl: string, merchantUid: string): Promise<string> {
  return publicBaseUrl + (await statusPathOf(db, merchantUid));
}

/** The merchant_uid a status URL's token names, or undefined when the token is not one the service made. */
export function merchantUidOfStatusToken(db: Db, token: string): Promise<string | undefined> {
  return signedValue(db, 'order-status-url', token);
}
