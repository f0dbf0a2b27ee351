import type pg from 'pg';
import { isStorableText, storableJsonText, toStorableJson } from '../db/storable.js';
import type { Provider } from '../settlement/model.js';

/**
 * The most of a delivery's body that its audit row keeps. i'mport's notifications are a few hundred bytes; without
 * an allow-list anyone can post 64 KiB of anything, and every delivery, even a refused one, is recorded.
 */
const KEPT_BODY_CHARS = 2048;
/** rows in one insert at most */
const MAX_BATCH = 500;

export interface Receipt {
  received_at?: Date;
  /** whose webhook it was (default iamport) */
  provider?: Provider;
  source_ip: string;
  imp_uid: string | null;
  merchant_uid: string | null;
  status: string | null;
  body: unknown;
  outcome: string;
}

const INSERT = `
INSERT INTO webhook_receipts (received_at, provider, source_ip, imp_uid, merchant_uid, status, body, outcome)
SELECT coalesce(x.received_at, now()), coalesce(x.provider, 'iamport'), x.source_ip, x.imp_uid, x.merchant_uid, x.status, x.body::jsonb, x.outcome
FROM jsonb_to_recordset($1::jsonb) AS x(received_at timestamptz, provider text, source_ip text, imp_uid text, merchant_uid text,
  status text, body text, outcome text)`;

/**
 * The body as JSON text, cut to its first KEPT_BODY_CHARS characters (and marked so) when longer. The cut never
 * splits a character: half of a surrogate pair is text jsonb refuses, and it would fail the whole batch's insert.
 */
function auditedBody(body: unknown): string {
  const text = storableJsonText(body ?? null);
  if (text.length <= KEPT_BODY_CHARS) return text;
  const end = isHighSurrogate(text.charCodeAt(KEPT_BODY_CHARS - 1)) ? KEPT_BODY_CHARS - 1 : KEPT_BODY_CHARS;
  return JSON.stringify({ truncated: true, length: text.length, head: text.slice(0, end) });
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

// PostgreSQL's text refuses what anyone may send: NUL characters, unpaired surrogates
const storable = (value: string | null) => (value === null || isStorableText(value) ? value : (toStorableJson(value) as string));

interface Pending {
  row: Omit<Receipt, 'body'> & { body: string };
  done: (error?: Error) => void;
}

/**
 * Records deliveries in webhook_receipts. A request waits for the insert that carries its row (so whoever sees its
 * answer finds the record), and the deliveries that arrive while an insert runs share the next one: a burst costs a
 * few statements, not one each. Text PostgreSQL cannot store (anyone may post it) is made storable.
 */
export class ReceiptWriter {
  private queue: Pending[] = [];
  private flushing = false;

  constructor(private readonly pool: pg.Pool) {}

  record(receipt: Receipt): Promise<void> {
    const row = {
      ...receipt,
      source_ip: storable(receipt.source_ip)!,
      imp_uid: storable(receipt.imp_uid),
      merchant_uid: storable(receipt.merchant_uid),
      status: storable(receipt.status),
      body: auditedBody(receipt.body),
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ row, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      try {
        await this.pool.query({ name: 'receipts.insert', text: INSERT, values: [JSON.stringify(batch.map((pending) => pending.row))] });
        for (const pending of batch) pending.done();
      } catch (error) {
        for (const pending of batch) pending.done(error as Error);
      }
    }
    this.flushing = false;
  }
}
