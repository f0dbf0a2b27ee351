import fc from 'fast-check';
import type { Model, ModelOrder, ModelPayment, World } from './world.js';

/** What the model's commands share: how a command picks what it acts on, and how i'mport's notification arrives. */

export type Command = fc.AsyncCommand<Model, World>;
/** How i'mport's notification of a change arrives, if at all. */
export type Delivery = 'delivered' | 'dropped' | 'duplicated' | 'delayed';
export type Pick = number;

export const at = <T>(list: T[], pick: Pick): T => list[pick % list.length]!;
export const delivery = fc.constantFrom<Delivery>('delivered', 'dropped', 'duplicated', 'delayed');

export async function notify(world: World, impUid: string, how: Delivery): Promise<void> {
  if (how === 'dropped') return;
  const options = how === 'duplicated' ? { times: 3 } : how === 'delayed' ? { delayMs: 150 } : {};
  await world.control.sendWebhook(impUid, options);
}

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
