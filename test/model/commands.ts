import fc from 'fast-check';
import type { Endpoint, FaultKind } from '../../src/sandbox/control-client.js';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { answered, remember, type Model, type ModelOrder, type ModelPayment, type World } from './world.js';

type Command = fc.AsyncCommand<Model, World>;
/** How i'mport's notification of a change arrives, if at all. */
type Delivery = 'delivered' | 'dropped' | 'duplicated' | 'delayed';
type Pick = number;

const at = <T>(list: T[], pick: Pick): T => list[pick % list.length]!;
const delivery = fc.constantFrom<Delivery>('delivered', 'dropped', 'duplicated', 'delayed');

async function notify(world: World, impUid: string, how: Delivery): Promise<void> {
  if (how === 'dropped') return;
  const options = how === 'duplicated' ? { times: 3 } : how === 'delayed' ? { delayMs: 150 } : {};
  await world.control.sendWebhook(impUid, options);
}

/** The sandbox refuses some actions in some states (deposit into a closed account): that is the world, not a failure. */
const tolerate = (call: Promise<unknown>) => call.catch(() => undefined);

abstract class OnOrder implements Command {
  constructor(readonly pick: Pick) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  order = (model: Model): ModelOrder => at(model.orders, this.pick);
  abstract run(model: Model, world: World): Promise<void>;
  abstract toString(): string;
}

abstract class OnPayment implements Command {
  constructor(readonly pick: Pick) {}
  check = (model: Readonly<Model>) => model.payments.length > 0;
  payment = (model: Model): ModelPayment => at(model.payments, this.pick);
  abstract run(model: Model, world: World): Promise<void>;
  abstract toString(): string;
}

/** What the buyer pays: the order's amount for real, or one of the forgeries (a test channel moves no real money). */
type Amount = 'right' | 'wrong' | 'usd' | 'same number in USD' | 'test channel';
const AMOUNTS: Record<Amount, (order: ModelOrder) => { amount: number; currency: string; sandbox: boolean }> = {
  right: (order) => ({ amount: order.amount, currency: 'KRW', sandbox: false }),
  wrong: () => ({ amount: 100, currency: 'KRW', sandbox: false }),
  usd: () => ({ amount: 12.5, currency: 'USD', sandbox: false }),
  'same number in USD': (order) => ({ amount: order.amount, currency: 'USD', sandbox: false }),
  'test channel': (order) => ({ amount: order.amount, currency: 'KRW', sandbox: true }),
};
const amountOf = (order: ModelOrder, kind: Amount) => AMOUNTS[kind](order);

class PayByCard extends OnOrder {
  constructor(pick: Pick, readonly amount: Amount, readonly how: Delivery) { super(pick); }
  async run(model: Model, world: World) {
    const order = this.order(model);
    const payment = await world.control.createPayment({ merchant_uid: order.merchantUid, ...amountOf(order, this.amount), status: 'paid', pay_method: 'card' });
    remember(model, payment, false);
    await notify(world, payment.imp_uid, this.how);
  }
  toString = () => `PayByCard(order ${this.pick}, ${this.amount}, webhook ${this.how})`;
}

class IssueVbank extends OnOrder {
  constructor(pick: Pick, readonly amount: Amount, readonly how: Delivery) { super(pick); }
  async run(model: Model, world: World) {
    const order = this.order(model);
    const payment = await world.control.createPayment({ merchant_uid: order.merchantUid, ...amountOf(order, this.amount), status: 'ready', pay_method: 'vbank' });
    remember(model, payment, true);
    await notify(world, payment.imp_uid, this.how);
  }
  toString = () => `IssueVbank(order ${this.pick}, ${this.amount}, webhook ${this.how})`;
}

/** A failed attempt (i'mport sends no webhook for failures) or a window opened and closed without paying. */
class Attempt extends OnOrder {
  constructor(pick: Pick, readonly outcome: 'failed' | 'closed') { super(pick); }
  async run(model: Model, world: World) {
    const order = this.order(model);
    const status = this.outcome === 'failed' ? 'failed' : 'ready';
    remember(model, await world.control.createPayment({ merchant_uid: order.merchantUid, amount: order.amount, status, pay_method: 'card', sandbox: false }), false);
  }
  toString = () => `Attempt(order ${this.pick}, ${this.outcome})`;
}

class Deposit implements Command {
  constructor(readonly pick: Pick, readonly how: Delivery) {}
  check = (model: Readonly<Model>) => model.payments.some((p) => p.vbank);
  async run(model: Model, world: World) {
    const vbank = at(model.payments.filter((p) => p.vbank), this.pick);
    const deposited = await world.control.deposit(vbank.impUid, { webhook: false }).then(() => true, () => false);
    if (deposited) await notify(world, vbank.impUid, this.how);
  }
  toString = () => `Deposit(vbank ${this.pick}, webhook ${this.how})`;
}

class ConsoleRefund extends OnPayment {
  constructor(pick: Pick, readonly part: 'partial' | 'full', readonly how: Delivery) { super(pick); }
  async run(model: Model, world: World) {
    const { impUid } = this.payment(model);
    const cancelled = await tolerate(world.control.cancel(impUid, this.part === 'partial' ? 1000 : undefined, '콘솔 환불', { webhook: false }));
    if (cancelled) await notify(world, impUid, this.how);
  }
  toString = () => `ConsoleRefund(payment ${this.pick}, ${this.part}, webhook ${this.how})`;
}

class OperatorRefund extends OnOrder {
  constructor(pick: Pick, readonly part: 'partial' | 'full') { super(pick); }
  async run(model: Model, world: World) {
    const order = this.order(model);
    const body = { reason: '고객 요청', ...(this.part === 'partial' ? { amount: 500 } : {}), refund_holder: '홍길동', refund_bank: '04', refund_account: '12345678901234' };
    await answered(world, this.toString(), world.service.api('POST', `/orders/${order.merchantUid}/cancel`, body));
  }
  toString = () => `OperatorRefund(order ${this.pick}, ${this.part})`;
}

class Callback extends OnPayment {
  async run(model: Model, world: World) {
    const { impUid, merchantUid } = this.payment(model);
    await answered(world, this.toString(), world.service.post('/payments/complete', { imp_uid: impUid, merchant_uid: merchantUid }));
  }
  toString = () => `Callback(payment ${this.pick})`;
}

class Redirect extends OnPayment {
  async run(model: Model, world: World) {
    const { impUid, merchantUid } = this.payment(model);
    const query = new URLSearchParams({ imp_uid: impUid, merchant_uid: merchantUid, imp_success: 'true' });
    const response = await fetch(`${world.service.url}/payments/complete?${query}`, { redirect: 'manual' });
    await response.body?.cancel();
    world.answers.push({ what: this.toString(), status: response.status, faulted: world.faulted });
  }
  toString = () => `Redirect(payment ${this.pick})`;
}

/** A notification with a status the payment no longer has (stale, reordered) or never had. */
class StaleWebhook extends OnPayment {
  constructor(pick: Pick, readonly status: 'ready' | 'paid' | 'cancelled') { super(pick); }
  async run(model: Model, world: World) {
    const { impUid, merchantUid } = this.payment(model);
    await answered(world, this.toString(), world.service.post('/webhooks/iamport', { imp_uid: impUid, merchant_uid: merchantUid, status: this.status }));
  }
  toString = () => `StaleWebhook(payment ${this.pick}, ${this.status})`;
}

class Sync extends OnOrder {
  async run(model: Model, world: World) {
    await answered(world, this.toString(), world.service.api('POST', `/orders/${this.order(model).merchantUid}/sync`));
  }
  toString = () => `Sync(order ${this.pick})`;
}

class Sweep implements Command {
  check = () => true;
  async run(_model: Model, world: World) {
    await sweepOnce(world.service.app.deps.money, 0, 1000);
  }
  toString = () => 'Sweep';
}

class Fault implements Command {
  constructor(readonly kind: FaultKind, readonly endpoint: Endpoint, readonly count: number) {}
  check = () => true;
  async run(_model: Model, world: World) {
    world.faulted = true;
    await world.control.injectFault({ kind: this.kind, endpoint: this.endpoint, count: this.count, ...(this.kind === 'hang' ? { ms: 400 } : {}) });
  }
  toString = () => `Fault(${this.kind} × ${this.count} on ${this.endpoint})`;
}

const pick = fc.nat({ max: 50 });
const amount = fc.constantFrom<Amount>('right', 'right', 'right', 'right', 'wrong', 'usd', 'same number in USD', 'test channel');
const part = fc.constantFrom<'partial' | 'full'>('partial', 'partial', 'full');
const fault = fc
  .tuple(
    fc.constantFrom<FaultKind>('5xx', 'hang', 'lost', 'reset'),
    fc.constantFrom<Endpoint>('payments.get', 'payments.findAll', 'cancel', 'vbanks.revoke', 'payments.status'),
    fc.integer({ min: 1, max: 3 }),
  )
  .map(([kind, endpoint, count]) => new Fault(kind, endpoint, count));
const times = <T>(n: number, arbitrary: T): T[] => Array.from({ length: n }, () => arbitrary);

/** Weighted so that histories reach deep states: payments, deposits and refunds more often than bare checks. */
export const commands: Array<fc.Arbitrary<Command>> = [
  ...times(4, fc.tuple(pick, amount, delivery).map(([p, a, d]) => new PayByCard(p, a, d))),
  ...times(3, fc.tuple(pick, amount, delivery).map(([p, a, d]) => new IssueVbank(p, a, d))),
  fc.tuple(pick, fc.constantFrom<'failed' | 'closed'>('failed', 'closed')).map(([p, o]) => new Attempt(p, o)),
  ...times(3, fc.tuple(pick, delivery).map(([p, d]) => new Deposit(p, d))),
  ...times(3, fc.tuple(pick, part, delivery).map(([p, how, d]) => new ConsoleRefund(p, how, d))),
  ...times(2, fc.tuple(pick, part).map(([p, how]) => new OperatorRefund(p, how))),
  ...times(2, pick.map((p) => new Callback(p))),
  pick.map((p) => new Redirect(p)),
  fc.tuple(pick, fc.constantFrom<'ready' | 'paid' | 'cancelled'>('ready', 'paid', 'cancelled')).map(([p, s]) => new StaleWebhook(p, s)),
  pick.map((p) => new Sync(p)),
  fc.constant(new Sweep()),
  ...times(2, fault),
];
