import { at, OnOrder, OnPayment, type Command, type Delivery, type Pick } from './command-kit.js';
import type { Model, World } from './world.js';

/** Refunds as they happen: at the PSP's console, by an operator through the service, and an operator's retry. */

/** Idempotency-Keys outlive a sequence: each operator refund of the run gets its own. */
let operatorRefunds = 0;

/** A refund made at the PSP's console, its reason carrying a marker by which the ledger knows it; false if refused. */
async function refundAtConsole(model: Model, world: World, merchantUid: string, source: string, amount: number | undefined): Promise<string | null> {
  const marker = `[c${model.ledger.console.length + 1}]`;
  const listedOn = await world.psp.consoleRefund(merchantUid, source, amount, `콘솔 환불 ${marker}`);
  if (listedOn) model.ledger.console.push({ source: listedOn, marker });
  return listedOn;
}

export class ConsoleRefund extends OnPayment {
  constructor(pick: Pick, readonly part: 'partial' | 'full', readonly how: Delivery) { super(pick); }
  async run(model: Model, world: World) {
    const payment = this.payment(model);
    const listedOn = await refundAtConsole(model, world, payment.merchantUid, payment.source, this.part === 'partial' ? 1000 : undefined);
    if (listedOn) await world.psp.notify({ ...payment, source: listedOn }, this.how);
  }
  toString = () => `ConsoleRefund(payment ${this.pick}, ${this.part}, webhook ${this.how})`;
}

/**
 * An operator's refund through the service, with an Idempotency-Key. `lost`: every word of it is lost at once, the
 * cancel's answer, its webhook and the service's re-read, whether or not the PSP carried it out; and then, with
 * `consoleMeanwhile`, ₩1,000 of the same payment is refunded at the PSP's console before anyone looks again.
 */
export class OperatorRefund extends OnOrder {
  constructor(pick: Pick, readonly part: 'partial' | 'full', readonly lost: boolean, readonly consoleMeanwhile = false) { super(pick); }
  async run(model: Model, world: World) {
    const order = this.order(model);
    const refundTo = { refund_holder: '홍길동', refund_bank: world.psp.refundBank, refund_account: '12345678901234' };
    const body = { reason: '고객 요청', ...(this.part === 'partial' ? { amount: 500 } : {}), ...refundTo };
    const entry = { key: `op-${++operatorRefunds}`, merchantUid: order.merchantUid, body, answers: [] as number[] };
    model.ledger.operator.push(entry);
    if (this.lost) {
      world.faulted = true;
      await world.psp.loseEverything();
    }
    try {
      await askForRefund(world, this.toString(), entry);
      if (this.lost && this.consoleMeanwhile) await refundAccepted(model, world, order.merchantUid);
    } finally {
      // the webhooks go to the service again; faults still armed stay armed
      if (this.lost) await world.psp.restoreWebhooks();
    }
  }
  toString = () => `OperatorRefund(order ${this.pick}, ${this.part}${this.lost ? `, every answer lost${this.consoleMeanwhile ? ', a console refund meanwhile' : ''}` : ''})`;
}

/** ₩1,000 of the order's accepted payment refunded at the PSP's console, its webhook lost. */
async function refundAccepted(model: Model, world: World, merchantUid: string): Promise<void> {
  const row = await world.service.database.db.selectFrom('orders').select('source_id').where('merchant_uid', '=', merchantUid).executeTakeFirst();
  if (row?.source_id) await refundAtConsole(model, world, merchantUid, row.source_id, 1000);
}

/** The same request again, same Idempotency-Key: a refund the PSP lists as carried out must not be answered refused. */
export class RetryOperatorRefund implements Command {
  constructor(readonly pick: Pick) {}
  check = (model: Readonly<Model>) => model.ledger.operator.length > 0;
  async run(model: Model, world: World) {
    const entry = at(model.ledger.operator, this.pick);
    const { status, atPsp } = await askForRefund(world, this.toString(), entry);
    if (status === 409 && atPsp) model.ledger.refusedThoughListed.push(entry.key);
  }
  toString = () => `RetryOperatorRefund(refund ${this.pick})`;
}

type Entry = Model['ledger']['operator'][number];

/**
 * The operator's request, its answer remembered with how far the PSP has got with the refund it made. A 503 is the
 * answer while the PSP carries the refund out later (V2's REQUESTED), as while it is faulted.
 */
async function askForRefund(world: World, what: string, entry: Entry): Promise<{ status: number; atPsp: 'succeeded' | 'requested' | null }> {
  const answer = await world.service.api('POST', `/orders/${entry.merchantUid}/cancel`, entry.body, { 'idempotency-key': entry.key });
  entry.answers.push(answer.status);
  const refund = await world.service.database.db.selectFrom('refunds').select(['id', 'source_id']).where('request_key', 'like', `%:${entry.key}`).executeTakeFirst();
  const atPsp = refund ? await world.psp.refundAtPsp(refund.source_id, refund.id) : null;
  world.answers.push({ what, status: answer.status, faulted: world.faulted, requestedAtPsp: atPsp === 'requested' });
  return { status: answer.status, atPsp };
}
