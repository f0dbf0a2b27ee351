import { sql, type Kysely } from 'kysely';
import type { IamportPayment } from '../providers/iamport/schemas.js';
import type { Page, Period, Sorting } from './listing.js';
import { buildPayment, type NewPayment } from './payment-factory.js';

export interface Prepared {
  merchant_uid: string;
  amount: number;
  /** null: request_pay's currency is not checked (reference: prepare, currency) */
  currency: string | null;
}

export interface ListFilter {
  merchantUid?: string;
  status?: string;
  /** on the time of each payment's own status: started, paid, cancelled or failed (reference: status list from/to) */
  period?: Period;
}

const unixField = (field: string) => sql<number>`(payment->>${field})::bigint`;
const SORT_KEYS = { started: unixField('started_at'), paid: unixField('paid_at'), updated: sql<Date>`updated_at` };
const STATUS_TIME = sql<number>`(CASE payment->>'status' WHEN 'ready' THEN payment->>'started_at' WHEN 'paid' THEN payment->>'paid_at'
  WHEN 'cancelled' THEN payment->>'cancelled_at' ELSE payment->>'failed_at' END)::bigint`;

export type UpdateResult = { payment: IamportPayment } | { refusal: string };

/** The simulator's payments and pre-registered amounts, in the iamport_sandbox schema. */
export class SandboxStore {
  constructor(private readonly db: Kysely<any>) {}

  /** A new payment, recorded by the PG at `at` (unix s, default now). */
  async create(input: NewPayment, at?: number): Promise<IamportPayment> {
    const { rows } = await sql<{ n: string }>`SELECT nextval('iamport_sandbox.imp_uid_seq') AS n`.execute(this.db);
    const impUid = `imp_${String(100000000000 + Number(rows[0]!.n)).slice(-12)}`;
    const payment = buildPayment(impUid, input, at);
    await this.db
      .insertInto('iamport_sandbox.payments')
      .values({ imp_uid: impUid, merchant_uid: input.merchant_uid, payment: JSON.stringify(payment), notice_url: input.notice_url ?? null })
      .execute();
    return payment;
  }

  /** Where this payment's notifications go (`notice_url` of request_pay), when it named a place. */
  async noticeUrl(impUid: string): Promise<string | undefined> {
    const row = await this.db.selectFrom('iamport_sandbox.payments').select('notice_url').where('imp_uid', '=', impUid).executeTakeFirst();
    return row?.notice_url ?? undefined;
  }

  async get(impUid: string): Promise<IamportPayment | undefined> {
    const row = await this.db.selectFrom('iamport_sandbox.payments').select('payment').where('imp_uid', '=', impUid).executeTakeFirst();
    return row?.payment;
  }

  async getMany(impUids: string[]): Promise<IamportPayment[]> {
    if (impUids.length === 0) return [];
    const rows = await this.db.selectFrom('iamport_sandbox.payments').select('payment').where('imp_uid', 'in', impUids).execute();
    return rows.map((row) => row.payment);
  }

  /** Every payment of an order, in the given order (default: newest first), optionally only in one status. */
  async findByMerchantUid(merchantUid: string, status?: string, sorting: Sorting = '-started'): Promise<IamportPayment[]> {
    return (await this.list({ merchantUid, status }, sorting).execute()).map((row) => row.payment);
  }

  /** One page of a list (findAll, status lists), and how many there are in all. */
  async page(filter: ListFilter, { page, limit, sorting }: Page): Promise<{ total: number; list: IamportPayment[] }> {
    const { total } = await this.list(filter)
      .clearSelect()
      .clearOrderBy()
      .select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow();
    const rows = await this.list(filter, sorting).limit(limit).offset((page - 1) * limit).execute();
    return { total: Number(total), list: rows.map((row) => row.payment) };
  }

  private list(filter: ListFilter, sorting: Sorting = '-started') {
    const { merchantUid, status, period } = filter;
    const direction = sorting.startsWith('-') ? 'desc' : 'asc';
    let query = this.db.selectFrom('iamport_sandbox.payments').select('payment');
    if (merchantUid !== undefined) query = query.where('merchant_uid', '=', merchantUid);
    if (status) query = query.where(sql`payment->>'status'`, '=', status);
    if (period) query = query.where(STATUS_TIME, '>=', period.from).where(STATUS_TIME, '<=', period.to);
    return query.orderBy(SORT_KEYS[sorting.replace('-', '') as keyof typeof SORT_KEYS], direction).orderBy('created_at', direction).orderBy('imp_uid', direction);
  }

  /**
   * Read-modify-write of one payment under its row lock, so concurrent cancels see each other. `change` answers the
   * next payment, or a refusal's message (nothing is written). Undefined when the payment does not exist.
   */
  async update(impUid: string, change: (payment: IamportPayment) => IamportPayment | string): Promise<UpdateResult | undefined> {
    return this.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('iamport_sandbox.payments').select('payment').where('imp_uid', '=', impUid).forUpdate().executeTakeFirst();
      if (!row) return undefined;
      const next = change(row.payment);
      if (typeof next === 'string') return { refusal: next };
      await tx
        .updateTable('iamport_sandbox.payments')
        .set({ payment: JSON.stringify(next), updated_at: sql`clock_timestamp()` })
        .where('imp_uid', '=', impUid)
        .execute();
      return { payment: next };
    });
  }

  async prepared(merchantUid: string): Promise<Prepared | undefined> {
    const row = await this.db.selectFrom('iamport_sandbox.prepared').select(['amount', 'currency']).where('merchant_uid', '=', merchantUid).executeTakeFirst();
    return row && { merchant_uid: merchantUid, amount: Number(row.amount), currency: row.currency };
  }

  /** false when the merchant_uid is already registered (i'mport refuses a second POST). */
  async prepare(input: Prepared): Promise<boolean> {
    const result = await this.db
      .insertInto('iamport_sandbox.prepared')
      .values(input)
      .onConflict((oc) => oc.column('merchant_uid').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** Forgets a registered amount, as for a PG that does not enforce pre-registration. */
  async forgetPrepared(merchantUid: string): Promise<boolean> {
    const result = await this.db.deleteFrom('iamport_sandbox.prepared').where('merchant_uid', '=', merchantUid).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** The changed registration, or undefined when none exists. */
  async changePrepared({ merchant_uid, amount, currency }: Prepared): Promise<Prepared | undefined> {
    const row = await this.db
      .updateTable('iamport_sandbox.prepared')
      .set({ amount, currency })
      .where('merchant_uid', '=', merchant_uid)
      .returning(['amount', 'currency'])
      .executeTakeFirst();
    return row && { merchant_uid, amount: Number(row.amount), currency: row.currency };
  }
}
