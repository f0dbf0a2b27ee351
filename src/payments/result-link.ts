import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';
import type { OrderRow } from '../db/schema.js';
import { sharedSecret } from '../db/shared-secrets.js';
import { findOrder } from '../orders/repository.js';

const SECRET = 'payment-result-page';
/** 132 bits of HMAC-SHA256 in base64url */
const SIGNATURE_CHARS = 22;

async function signature(db: Db, merchantUid: string): Promise<string> {
  const key = await sharedSecret(db, SECRET);
  return createHmac('sha256', key).update(merchantUid).digest('base64url').slice(0, SIGNATURE_CHARS);
}

/**
 * The result page of an order the service holds, as `/payments/result?ref=<merchant_uid>.<signature>`; undefined for
 * an unknown order. The key is shared through PostgreSQL, so any instance can show what another one linked to.
 */
export async function resultPagePath(db: Db, merchantUid: string): Promise<string | undefined> {
  if (!(await findOrder(db, merchantUid))) return undefined;
  const ref = `${merchantUid}.${await signature(db, merchantUid)}`;
  return `/payments/result?${new URLSearchParams({ ref })}`;
}

/** The order a reference made by resultPagePath names; undefined for anything else, an edited reference included. */
export async function orderOfResultReference(db: Db, ref: string): Promise<OrderRow | undefined> {
  const dot = ref.lastIndexOf('.');
  if (dot < 1) return undefined;
  const merchantUid = ref.slice(0, dot);
  const given = Buffer.from(ref.slice(dot + 1));
  const expected = Buffer.from(await signature(db, merchantUid));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return findOrder(db, merchantUid);
}
