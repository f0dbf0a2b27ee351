import { sql, type Kysely } from 'kysely';
import { shownAttempt, type AnswerPatch, type Attempt, type PaymentRecord, type PreRegistered, type Status } from './model.js';

const TABLE = 'portone_sandbox.payments';

interface Row {
  payment_id: string;
  attempts: Attempt[];
  pre_registered: PreRegistered | null;
  async_cancels: boolean;
  answer_patch: AnswerPatch | null;
}

export interface ListQuery {
  timestampType: 'CREATED_AT' | 'STATUS_CHANGED_AT';
  from: Date;
  until: Date;
  statuses?: Status[];
  isTest?: boolean;
  currency?: string;
  sortBy: 'REQUESTED_AT' | 'STATUS_CHANGED_AT';
  sortOrder: 'ASC' | 'DESC';
  offset: number;
  limit: number;
}

/** A change of one payment: the next record, a refusal of the caller's own type (nothing is written), or nothing to do. */
export type Change<R> = { record: PaymentRecord; result: R } | { refusal: R };

const toRecord = (row: Row): PaymentRecord => ({
  paymentId: row.payment_id,
  attempts: row.attempts,
  asyncCancels: row.async_cancels,
  ...(row.pre_registered ? { preRegistered: row.pre_registered } : {}),
  ...(row.answer_patch ? { answerPatch: row.answer_patch } : {}),
});

/** The columns GET /payments filters and sorts on, from the attempt the payment shows. */
function listed(record: PaymentRecord) {
  const shown = shownAttempt(record)?.tx;
  return {
    status: shown?.status ?? null,
    is_test: shown ? shown.channel.type === 'TEST' : null,
    currency: shown?.currency ?? null,
    requested_at: shown?.requestedAt ?? null,
    status_changed_at: shown?.statusChangedAt ?? null,
    created_at: record.attempts[0]?.tx.requestedAt ?? null,
  };
}

/** The V2 simulator's payments, one row per paymentId in schema portone_sandbox. */
export class PortOneSandboxStore {
  constructor(private readonly db: Kysely<any>) {}

  async get(paymentId: string): Promise<PaymentRecord | undefined> {
    const row = await this.db.selectFrom(TABLE).selectAll().where('payment_id', '=', paymentId).executeTakeFirst();
    return row ? toRecord(row as Row) : undefined;
  }

  /**
   * Read-modify-write of one payment under its row lock, so that concurrent cancels see each other. With `create`, a
   * payment not seen before starts empty (a first attempt, a pre-registration); without it, `change` gets undefined.
   */
  async update<R>(paymentId: string, change: (record: PaymentRecord | undefined) => Change<R>, create = false): Promise<{ record?: PaymentRecord; result: R; refused: boolean }> {
    return this.db.transaction().execute(async (tx) => {
      if (create) await tx.insertInto(TABLE).values({ payment_id: paymentId }).onConflict((oc) => oc.column('payment_id').doNothing()).execute();
      const row = await tx.selectFrom(TABLE).selectAll().where('payment_id', '=', paymentId).forUpdate().executeTakeFirst();
      const outcome = change(row ? toRecord(row as Row) : undefined);
      if ('refusal' in outcome) return { result: outcome.refusal, refused: true };
      const { record } = outcome;
      await tx
        .updateTable(TABLE)
        .set({
          attempts: JSON.stringify(record.attempts),
          pre_registered: record.preRegistered ? JSON.stringify(record.preRegistered) : null,
          async_cancels: record.asyncCancels,
          answer_patch: record.answerPatch ? JSON.stringify(record.answerPatch) : null,
          ...listed(record),
        })
        .where('payment_id', '=', paymentId)
        .execute();
      return { record, result: outcome.result, refused: false };
    });
  }

  /** One page of the payments that have an attempt, filtered and sorted as GET /payments asks. */
  async list(query: ListQuery): Promise<PaymentRecord[]> {
    const time = query.timestampType === 'CREATED_AT' ? 'created_at' : 'status_changed_at';
    const sortKey = query.sortBy === 'REQUESTED_AT' ? 'requested_at' : 'status_changed_at';
    const direction = query.sortOrder === 'ASC' ? 'asc' : 'desc';
    let select = this.db
      .selectFrom(TABLE)
      .selectAll()
      .where('status', 'is not', null)
      .where(time, '>=', query.from)
      .where(time, '<=', query.until);
    if (query.statuses?.length) select = select.where('status', 'in', query.statuses);
    if (query.isTest !== undefined) select = select.where('is_test', '=', query.isTest);
    if (query.currency) select = select.where('currency', '=', query.currency);
    const rows = await select.orderBy(sql.ref(sortKey), direction).orderBy('payment_id', direction).offset(query.offset).limit(query.limit).execute();
    return rows.map((row) => toRecord(row as Row));
  }
}
