import { sql, type Kysely } from 'kysely';
import type { IamportPayment } from '../iamport/schemas.js';
import { buildPayment, type NewPayment } from './payment-factory.js';

export interface Prepared {
  merchant_uid: string;
  amount: number;
  /** null: request_pay's currency is not checked (reference: prepare, currency) */
  currency: string | null;
}

export type UpdateResult = { payment: IamportPayment } | { refusal: string };

/** The simulator's payments and pre-registered amounts, in the iamport_sandbox schema. */
export class SandboxStore {
  constructor(private readonly db: Kysely<any>) {}

  async create(input: NewPayment): Promise<IamportPayment> {
    const { rows } = await sql<{ n: string }>`SELECT nextval('iamport_sandbox.imp_uid_seq') AS n`.execute(this.db);
    const impUid = `imp_${String(100000000000 + Number(rows[0]!.n)).slice(-12)}`;
    const payment = { ...buildPayment(impUid, input), notice_url: input.notice_url ?? null };
    await this.db
      .insertInto('iamport_sandbox.payments')
      .values({ imp_uid: impUid, merchant_uid: input.merchant_uid, payment: JSON.stringify(payment) })
      .execute();
    return payment;
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

  /** Newest first, optionally only those in one status. */
  async findByMerchantUid(merchantUid: string, status?: string): Promise<IamportPayment[]> {
    let query = this.db
      .selectFrom('iamport_sandbox.payments')
      .select('payment')
      .where('merchant_uid', '=', merchantUid)
      .orderBy('created_at', 'desc');
    if (status) query = query.where(sql`payment->>'status'`, '=', status);
    return (await query.execute()).map((row) => row.payment);
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
      await tx.updateTable('iamport_sandbox.payments').set({ payment: JSON.stringify(next) }).where('imp_uid', '=', impUid).execute();
      return { payment: next };
    });
  }

  /** One page of payments in a status ('all' for any), newest first, as GET /payments/status answers it. */
  async listByStatus(status: string, page: number, limit: number): Promise<{ total: number; list: IamportPayment[] }> {
    let query = this.db.selectFrom('iamport_sandbox.payments');
    if (status !== 'all') query = query.where(sql`payment->>'status'`, '=', status);
    const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
    const rows = await query.select('payment').orderBy('created_at', 'desc').orderBy('imp_uid', 'desc').limit(limit).offset((page - 1) * limit).execute();
    return { total: Number(total), list: rows.map((row) => row.payment) };
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
