import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import type { Page } from '../orders/repository.js';
import type { WebhookReceipt } from './schemas.js';

export interface ReceiptRow {
  id: string;
  received_at: Date;
  source_ip: string;
  imp_uid: string | null;
  merchant_uid: string | null;
  status: string | null;
  outcome: string;
}

export const RECEIPT_COLUMNS = ['id', 'received_at', 'source_ip', 'imp_uid', 'merchant_uid', 'status', 'outcome'] as const;

export const toReceiptView = (row: ReceiptRow): WebhookReceipt => ({ ...row, id: String(row.id), received_at: row.received_at.toISOString() });

export interface ReceiptFilter {
  merchant_uid?: string;
  imp_uid?: string;
  outcome?: string;
  limit: number;
  /** the id of the last receipt of the previous page */
  after?: string;
}

/** i'mport's webhook deliveries as recorded (the body is left out), newest first, keyset-paginated on id. */
export async function listReceipts(db: Db, filter: ReceiptFilter): Promise<Page<WebhookReceipt>> {
  let query = db.selectFrom('webhook_receipts').select(RECEIPT_COLUMNS).orderBy('id', 'desc').limit(filter.limit + 1);
  if (filter.merchant_uid) query = query.where('merchant_uid', '=', filter.merchant_uid);
  if (filter.imp_uid) query = query.where('imp_uid', '=', filter.imp_uid);
  if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
  if (filter.after) query = query.where(sql<boolean>`id < ${filter.after}::bigint`);
  const rows = (await query.execute()) as ReceiptRow[];
  const page = rows.slice(0, filter.limit).map(toReceiptView);
  return { rows: page, next: rows.length > filter.limit ? page.at(-1)!.id : null };
}

/** The newest `limit` deliveries that name the order or one of its payments, and how many there are in all. */
export async function receiptsOfOrder(db: Db, merchantUid: string, impUids: string[], limit: number): Promise<{ rows: WebhookReceipt[]; total: number }> {
  const { rows } = await sql<ReceiptRow & { total: number }>`
    SELECT id, received_at, source_ip, imp_uid, merchant_uid, status, outcome, count(*) OVER ()::int AS total
    FROM webhook_receipts WHERE merchant_uid = ${merchantUid} OR imp_uid = ANY(${impUids}::text[])
    ORDER BY id DESC LIMIT ${limit}`.execute(db);
  return { rows: rows.map(({ total: _total, ...row }) => toReceiptView(row)), total: rows[0]?.total ?? 0 };
}

/** One delivery with its body as stored, for the timeline's "show body". */
export async function receiptWithBody(db: Db, id: string): Promise<(WebhookReceipt & { body: unknown }) | null> {
  const row = await db.selectFrom('webhook_receipts').select([...RECEIPT_COLUMNS, 'body']).where(sql<boolean>`id = ${id}::bigint`).executeTakeFirst();
  if (!row) return null;
  const { body, ...receipt } = row as ReceiptRow & { body: unknown };
  return { ...toReceiptView(receipt), body };
}
