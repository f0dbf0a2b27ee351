import { at, type Command, type Pick } from './command-kit.js';
import { recheck, type Model, type World } from './world.js';

/** What moves the PSP's list of recently changed payments besides the shop's own orders, and one pass of the re-check. */

const TWO_DAYS_S = 2 * 86_400;
/** Fewer than a page of the walk (WALK_LIMITS): a page wholly older than the watermark is where a walk may end. */
const MAX_OLD_OTHERS = 2;

/** Other shops' payments on the same PSP account; `old` adds one paid two days ago, before any watermark. */
export class OtherShops implements Command {
  constructor(readonly count: number, readonly old: boolean) {}
  check = (model: Readonly<Model>) => !this.old || model.oldOthers < MAX_OLD_OTHERS;
  async run(model: Model, world: World) {
    const ages = [...Array.from({ length: this.count }, () => 0), ...(this.old ? [TWO_DAYS_S] : [])];
    for (const age of ages) model.others.push(await world.psp.otherShop(age));
    if (this.old) model.oldOthers += 1;
  }
  toString = () => `OtherShops(${this.count}${this.old ? ' and one from two days ago' : ''})`;
}

/** A payment modified without a status change (a cash receipt): it moves in a list by modification, its status times stay. */
export class Touch implements Command {
  constructor(readonly pick: Pick) {}
  check = (model: Readonly<Model>) => model.payments.length + model.others.length > 0;
  async run(model: Model, world: World) {
    await world.psp.touch(at([...model.payments, ...model.others], this.pick));
  }
  toString = () => `Touch(payment ${this.pick})`;
}

/** One pass of the paid re-check, which may leave its walk to the next; while the PSP is faulted it may fail. */
export class Recheck implements Command {
  check = () => true;
  async run(_model: Model, world: World) {
    await recheck(world).catch((error: unknown) => {
      if (!world.faulted) throw error;
    });
  }
  toString = () => 'Recheck';
}
