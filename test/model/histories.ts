import fc from 'fast-check';
import type { Test } from 'tap';
import type { Provider } from '../../src/settlement/model.js';
import { commandsFor } from './commands.js';
import { badAnswers, brokenPromises } from './invariants.js';
import { beginSequence, settle, startWorld } from './world.js';

/**
 * The settlement core's proof, for one PSP: random histories of payments, refunds (at the console, by operators,
 * retried, with every answer lost; V2's carried out later or refused by the PG), notifications (delivered, dropped,
 * duplicated, delayed, stale), other shops' traffic, payments modified without a status change, and the PSP's faults,
 * over a few orders at a time, against the real service and the PSP's simulator. After each history the faults clear,
 * the sweeper runs and the paid re-check walks (across passes, its pages small); then every order must be what the
 * PSP's payments imply, and the money oracle (ledger.ts) must balance. `npm run test:model -- --runs N [--seed S]
 * [--provider p]` runs longer; a failure prints its seed and the shrunk history.
 */
export function runHistories(t: Test, provider: Provider, defaultRuns: number): void {
  const runs = Number(process.env.MODEL_RUNS ?? defaultRuns);
  const seed = Number(process.env.MODEL_SEED ?? Date.now() % 2 ** 31);
  t.setTimeout(Math.max(600_000, runs * 5_000));
  t.test(`the settlement core through ${provider} under ${runs} random histories (seed ${seed})`, async (t) => {
    const world = await startWorld(t, provider);
    // each order's cancels may be carried out later from the start, where the PSP has such cancels (V2)
    const orders = fc.array(fc.record({ amount: fc.constantFrom(1000, 5000, 10_000, 25_000), asyncCancels: fc.boolean() }), { minLength: 1, maxLength: 2 });
    const commands = fc.commands(commandsFor(world.psp), { maxCommands: 24, size: 'large' });
    const property = fc.asyncProperty(orders, commands, async (newOrders, history) => {
      const started = Math.floor(Date.now() / 1000);
      const model = await beginSequence(world, newOrders);
      await fc.asyncModelRun(() => ({ model, real: world }), history);
      await settle(world, model, started);
      const problems = await badAnswers(world);
      for (const order of model.orders) problems.push(...(await brokenPromises(world, model.ledger, order)));
      if (problems.length) throw new Error(problems.join('\n'));
    });
    t.comment(`model seed ${seed}: repeat with MODEL_SEED=${seed}`);
    await fc.assert(property, { numRuns: runs, seed, verbose: 1 });
    t.pass(`${runs} histories kept every promise`);
  });
}
