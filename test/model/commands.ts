import fc from 'fast-check';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { AsyncCancels, CompleteCancel } from './async-cancel-commands.js';
import { at, delivery, OnOrder, OnPayment, type Command, type Delivery, type Pick } from './command-kit.js';
import type { Amount, FaultSpec, PspDriver, Stale } from './psp/driver.js';
import { ConsoleRefund, OperatorRefund, RetryOperatorRefund } from './refund-commands.js';
import { OtherShops, Recheck, Touch } from './traffic-commands.js';
import { answered, type Model, type World } from './world.js';

/** A payment the PSP refuses (V2: a second paid attempt of one payment) leaves nothing to remember: that is the world. */
class PayByCard extends OnOrder {
  constructor(pick: Pick, readonly amount: Amount, readonly how: Delivery) { super(pick); }
  async run(model: Model, world: World) {
    const payment = await world.psp.pay(this.order(model), this.amount, 'card');
    if (!payment) return;
    model.payments.push(payment);
    await world.psp.notify(payment, this.how);
  }
  toString = () => `PayByCard(order ${this.pick}, ${this.amount}, webhook ${this.how})`;
}

/** An account issued `ageS` seconds ago at the PSP: issue times need not follow the order the service sees them in. */
class IssueVbank extends OnOrder {
  constructor(pick: Pick, readonly amount: Amount, readonly how: Delivery, readonly ageS: number) { super(pick); }
  async run(model: Model, world: World) {
    const payment = await world.psp.pay(this.order(model), this.amount, 'vbank', Math.floor(Date.now() / 1000) - this.ageS);
    if (!payment) return;
    model.payments.push(payment);
    await world.psp.notify(payment, this.how);
  }
  toString = () => `IssueVbank(order ${this.pick}, ${this.amount}, webhook ${this.how}, issued ${this.ageS} s ago)`;
}

/** A failed attempt or a window opened and closed without paying, neither notified. */
class Attempt extends OnOrder {
  constructor(pick: Pick, readonly outcome: 'failed' | 'closed') { super(pick); }
  async run(model: Model, world: World) {
    const payment = await world.psp.attempt(this.order(model), this.outcome);
    if (payment) model.payments.push(payment);
  }
  toString = () => `Attempt(order ${this.pick}, ${this.outcome})`;
}

class Deposit implements Command {
  constructor(readonly pick: Pick, readonly how: Delivery) {}
  check = (model: Readonly<Model>) => model.payments.some((p) => p.vbank);
  async run(model: Model, world: World) {
    const vbank = at(model.payments.filter((p) => p.vbank), this.pick);
    if (await world.psp.deposit(vbank)) await world.psp.notify(vbank, this.how);
  }
  toString = () => `Deposit(vbank ${this.pick}, webhook ${this.how})`;
}

class Callback extends OnPayment {
  async run(model: Model, world: World) {
    await answered(world, this.toString(), world.service.post('/payments/complete', world.psp.callback(this.payment(model))));
  }
  toString = () => `Callback(payment ${this.pick})`;
}

class Redirect extends OnPayment {
  async run(model: Model, world: World) {
    const query = new URLSearchParams(world.psp.redirect(this.payment(model)));
    const response = await fetch(`${world.service.url}/payments/complete?${query}`, { redirect: 'manual' });
    await response.body?.cancel();
    world.answers.push({ what: this.toString(), status: response.status, faulted: world.faulted });
  }
  toString = () => `Redirect(payment ${this.pick})`;
}

/** A notification with a status the payment no longer has (stale, reordered) or never had. */
class StaleWebhook extends OnPayment {
  constructor(pick: Pick, readonly status: Stale) { super(pick); }
  async run(model: Model, world: World) {
    const answer = await world.psp.staleWebhook(this.payment(model), this.status);
    if (answer) world.answers.push({ what: this.toString(), status: answer.status, faulted: world.faulted });
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
  constructor(readonly fault: FaultSpec) {}
  check = () => true;
  async run(_model: Model, world: World) {
    world.faulted = true;
    await world.psp.injectFault(this.fault);
  }
  toString = () => `Fault(${this.fault.kind} × ${this.fault.count} on ${this.fault.endpoint})`;
}

const pick = fc.nat({ max: 50 });
const amount = fc.constantFrom<Amount>('right', 'right', 'right', 'right', 'wrong', 'usd', 'same number in USD', 'test channel');
const part = fc.constantFrom<'partial' | 'full'>('partial', 'partial', 'full');
const times = <T>(n: number, arbitrary: T): T[] => Array.from({ length: n }, () => arbitrary);

/**
 * The same commands for every PSP, each carried out by its driver; V2's asynchronous cancels where the PSP has them.
 * Weighted so that histories reach deep states: payments, deposits and refunds more often than bare checks.
 */
export function commandsFor(psp: PspDriver): Array<fc.Arbitrary<Command>> {
  return [
    ...times(4, fc.tuple(pick, amount, delivery).map(([p, a, d]) => new PayByCard(p, a, d))),
    ...times(3, fc.tuple(pick, amount, delivery, fc.constantFrom(0, 0, 120, 240)).map(([p, a, d, age]) => new IssueVbank(p, a, d, age))),
    fc.tuple(pick, fc.constantFrom<'failed' | 'closed'>('failed', 'closed')).map(([p, o]) => new Attempt(p, o)),
    ...times(3, fc.tuple(pick, delivery).map(([p, d]) => new Deposit(p, d))),
    ...times(3, fc.tuple(pick, part, delivery).map(([p, how, d]) => new ConsoleRefund(p, how, d))),
    ...times(2, fc.tuple(pick, part, fc.boolean(), fc.boolean()).map(([p, how, lost, console]) => new OperatorRefund(p, how, lost, console))),
    pick.map((p) => new RetryOperatorRefund(p)),
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.boolean()).map(([count, old]) => new OtherShops(count, old)),
    pick.map((p) => new Touch(p)),
    fc.constant(new Recheck()),
    ...times(2, pick.map((p) => new Callback(p))),
    pick.map((p) => new Redirect(p)),
    fc.tuple(pick, fc.constantFrom<Stale>('ready', 'paid', 'cancelled')).map(([p, s]) => new StaleWebhook(p, s)),
    pick.map((p) => new Sync(p)),
    fc.constant(new Sweep()),
    ...times(2, psp.faults.map((f) => new Fault(f))),
    ...(psp.asyncCancels
      ? [
          pick.map((p) => new AsyncCancels(p)),
          ...times(3, fc.tuple(pick, fc.constantFrom<'succeeded' | 'failed'>('succeeded', 'failed'), delivery).map(([p, o, d]) => new CompleteCancel(p, o, d))),
        ]
      : []),
  ];
}
