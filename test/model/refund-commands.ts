import { sql } from 'kysely';
import { at, notify, OnOrder, OnPayment, type Command, type Delivery, type Pick } from './command-kit.js';
import { answered, type Model, type World } from './world.js';

/** Refunds as they happen: at i'mport's console, by an operator through the service, and an operator's retry. */

const LOST = 'http://127.0.0.1:9/lost';
/** Idempotency-Keys outlive a sequence: each operator refund of the run gets its own. */
let operatorRefunds = 0;

/** A refund made at i'mport's console; its reason carries a marker by which the ledger knows it. */
export class ConsoleRefund extends OnPayment {
  constructor(pick: Pick, readonly part: 'partial' | 'full', readonly how: Delivery) { super(pick); }
  async run(model: Model, world: World) {
    const { impUid } = this.payment(model);
    const marker = `[c${model.ledger.console.length + 1}]`;
    const amount = this.part === 'partial' ? 1000 : undefined;
    const cancelled = await world.control.cancel(impUid, amount, `콘솔 환불 ${marker}`, { webhook: false }).catch(() => undefined);
    // closing an unpaid account refunds nothing and lists no cancel
    if (!cancelled?.cancel_history?.some((entry) => entry.reason?.includes(marker))) return;
    model.ledger.console.push({ impUid, marker });
    await notify(world, impUid, this.how);
  }
  toString = () => `ConsoleRefund(payment ${this.pick}, ${this.part}, webhook ${this.how})`;
}

/**
 * An operator's refund through the service, with an Idempotency-Key. `lost`: every word of it is lost at once, the
 * cancel's answer, its webhook and the service's re-read, whether or not i'mport carried it out; and then, with
 * `consoleMeanwhile`, ₩1,000 of the same payment is refunded at i'mport's console before anyone looks again.
 */
export class OperatorRefund extends OnOrder {
  constructor(pick: Pick, readonly part: 'partial' | 'full', readonly lost: boolean, readonly consoleMeanwhile = false) { super(pick); }
  async run(model: Model, world: World) {
    const order = this.order(model);
    const body = { reason: '고객 요청', ...(this.part === 'partial' ? { amount: 500 } : {}), refund_holder: '홍길동', refund_bank: '04', refund_account: '12345678901234' };
    const entry = { key: `op-${++operatorRefunds}`, merchantUid: order.merchantUid, body, answers: [] as number[] };
    model.ledger.operator.push(entry);
    if (this.lost) await loseEverything(world);
    try {
      const answer = await answered(world, this.toString(), world.service.api('POST', `/orders/${order.merchantUid}/cancel`, body, { 'idempotency-key': entry.key }));
      entry.answers.push(answer.status);
      if (this.lost && this.consoleMeanwhile) await refundAtConsole(model, world, order.merchantUid);
    } finally {
      if (this.lost) await world.control.setWebhookUrl(`${world.service.url}/webhooks/iamport`);
    }
  }
  toString = () => `OperatorRefund(order ${this.pick}, ${this.part}${this.lost ? `, every answer lost${this.consoleMeanwhile ? ', a console refund meanwhile' : ''}` : ''})`;
}

/** ₩1,000 of the order's accepted payment refunded at i'mport's console, its webhook lost. */
async function refundAtConsole(model: Model, world: World, merchantUid: string): Promise<void> {
  const row = await world.service.database.db.selectFrom('orders').select('source_id').where('merchant_uid', '=', merchantUid).executeTakeFirst();
  if (!row?.source_id) return;
  const marker = `[c${model.ledger.console.length + 1}]`;
  const cancelled = await world.control.cancel(row.source_id, 1000, `콘솔 환불 ${marker}`, { webhook: false }).catch(() => undefined);
  if (cancelled?.cancel_history?.some((entry) => entry.reason?.includes(marker))) model.ledger.console.push({ impUid: row.source_id, marker });
}

async function loseEverything(world: World): Promise<void> {
  world.faulted = true;
  await world.control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancel' });
  await world.control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
  await world.control.setWebhookUrl(LOST);
}

/** The same request again, same Idempotency-Key: a refund i'mport lists as carried out must not be answered refused. */
export class RetryOperatorRefund implements Command {
  constructor(readonly pick: Pick) {}
  check = (model: Readonly<Model>) => model.ledger.operator.length > 0;
  async run(model: Model, world: World) {
    const entry = at(model.ledger.operator, this.pick);
    const path = `/orders/${entry.merchantUid}/cancel`;
    const answer = await answered(world, this.toString(), world.service.api('POST', path, entry.body, { 'idempotency-key': entry.key }));
    entry.answers.push(answer.status);
    if (answer.status === 409 && (await listedAtIamport(world, entry.key))) model.ledger.refusedThoughListed.push(entry.key);
  }
  toString = () => `RetryOperatorRefund(refund ${this.pick})`;
}

/** Whether i'mport's own record (the sandbox's table, no fault in the way) lists the refund made for this key. */
async function listedAtIamport(world: World, key: string): Promise<boolean> {
  const db = world.service.database.db;
  const refund = await db.selectFrom('refunds').select(['id', 'source_id']).where('request_key', 'like', `%:${key}`).executeTakeFirst();
  if (!refund) return false;
  const { rows } = await sql<{ listed: boolean }>`
    SELECT EXISTS (SELECT 1 FROM iamport_sandbox.payments, jsonb_array_elements(payment->'cancel_history') AS c
      WHERE imp_uid = ${refund.source_id} AND c->>'reason' LIKE ${`%${refund.id}%`}) AS listed`.execute(db);
  return rows[0]!.listed;
}
