import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect.js';
import { sharedSecret } from '../db/shared-secrets.js';

/** 132 bits of HMAC-SHA256 in base64url */
const SIGNATURE_CHARS = 22;

/**
 * Links the service hands to browsers: `<value>.<signature>`, signed with a key shared through PostgreSQL so that any
 * instance opens what another one made. Each kind of link has its own key: one kind cannot be turned into another.
 */
export type LinkKind = 'payment-result-page' | 'order-status-url';

async function signature(db: Db, kind: LinkKind, value: string): Promise<string> {
  const key = await sharedSecret(db, kind);
  return createHmac('sha256', key).update(value).digest('base64url').slice(0, SIGNATURE_CHARS);
}

export async function sign(db: Db, kind: LinkKind, value: string): Promise<string> {
  return `${value}.${await signature(db, kind, value)}`;
}

/** The value a reference made by `sign` carries; undefined for anything else, an edited reference included. */
export async function signedValue(db: Db, kind: LinkKind, ref: string): Promise<string | undefined> {
  const dot = ref.lastIndexOf('.');
  if (dot < 1) return undefined;
  const value = ref.slice(0, dot);
  const given = Buffer.from(ref.slice(dot + 1));
  const expected = Buffer.from(await signature(db, kind, value));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}
