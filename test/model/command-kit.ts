import fc from 'fast-check';
import type { Delivery } from './psp/driver.js';
import type { Model, ModelOrder, ModelPayment, World } from './world.js';

/** What the model's commands share: how a command picks what it acts on, and how the PSP's notification arrives. */

export type Command = fc.AsyncCommand<Model, World>;
export type { Delivery };
export type Pick = number;

export const at = <T>(list: T[], pick: Pick): T => list[pick % list.length]!;
export const delivery = fc.constantFrom<Delivery>('delivered', 'dropped', 'duplicated', 'delayed');

export abstract class OnOrder implements Command {
  constructor(readonly pick: Pick) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  order = (model: Model): ModelOrder => at(model.orders, this.pick);
  abstract run(model: Model, world: World): Promise<void>;
  abstract toString(): string;
}

export abstract class OnPayment implements Command {
  constructor(readonly pick: Pick) {}
  check = (model: Readonly<Model>) => model.payments.length > 0;
  payment = (model: Model): ModelPayment => at(model.payments, this.pick);
  abstract run(model: Model, world: World): Promise<void>;
  abstract toString(): string;
}
