import type { Db } from '../db/connect.js';
import { toStorableJson } from '../db/storable.js';

/**
 * The most of a delivery's body that its audit row keeps. i'mport's notifications are a few hundred bytes; without
 * an allow-list anyone can post 64 KiB of anything, and every delivery, even a refused one, is recorded.
 */
const KEPT_BODY_CHARS = 2048;

export interface Receipt {
  received_at?: Date;
  source_ip: string;
  imp_uid: string | null;
  merchant_uid: string | null;
  status: string | null;
  body: unknown;
  outcome?: string;
}

// PostgreSQL's text and jsonb refuse what anyone may send: NUL characters, unpaired surrogates
const textOf = (value: string | null) => (value === null ? null : (toStorableJson(value) as string));

/** The body as JSON, cut to its first KEPT_BODY_CHARS characters (and marked so) when longer. */
export function auditedBody(body: unknown): string {
  const text = JSON.stringify(toStorableJson(body ?? null)) ?? 'null';
  if (text.length <= KEPT_BODY_CHARS) return text;
  return JSON.stringify({ truncated: true, length: text.length, head: text.slice(0, KEPT_BODY_CHARS) });
}

/** One audit row in webhook_receipts (`db`: the handle's auditDb); returns its id. */
export async function recordReceipt(db: Db, receipt: Receipt): Promise<string> {
  const row = await db
    .insertInto('webhook_receipts')
    .values({
      ...(receipt.received_at ? { received_at: receipt.received_at } : {}),
      source_ip: receipt.source_ip,
      imp_uid: textOf(receipt.imp_uid),
      merchant_uid: textOf(receipt.merchant_uid),
      status: textOf(receipt.status),
      body: auditedBody(receipt.body),
      ...(receipt.outcome ? { outcome: receipt.outcome } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
