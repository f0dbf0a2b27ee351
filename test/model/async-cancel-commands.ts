import { OnOrder, type Delivery, type Pick } from './command-kit.js';
import type { Model, World } from './world.js';

/**
 * V2's asynchronous cancels: PortOne may accept a cancel (REQUESTED) and carry it out later, or the PG may refuse it
 * then. Only for a PSP that has them (its driver's `asyncCancels`); the end of a history carries out what is left.
 */

/** From now on the order's payment's API cancels answer REQUESTED. */
export class AsyncCancels extends OnOrder {
  async run(model: Model, world: World) {
    await world.psp.asyncCancels!.enable(this.order(model).merchantUid);
  }
  toString = () => `AsyncCancels(order ${this.pick})`;
}

/** The oldest requested cancel of the order is carried out (its webhook delivered or not) or refused by the PG. */
export class CompleteCancel extends OnOrder {
  constructor(pick: Pick, readonly outcome: 'succeeded' | 'failed', readonly how: Delivery) { super(pick); }
  async run(model: Model, world: World) {
    await world.psp.asyncCancels!.complete(this.order(model).merchantUid, this.outcome, this.how);
  }
  toString = () => `CompleteCancel(order ${this.pick}, ${this.outcome}, webhook ${this.how})`;
}
