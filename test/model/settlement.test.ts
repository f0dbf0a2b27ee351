import fc from 'fast-check';
import t from 'tap';
import { commands } from './commands.js';
import { badAnswers, brokenPromises } from './invariants.js';
import { beginSequence, settle, startWorld } from './world.js';

/**
 * The settlement core's proof: random histories of payments, refunds (at the console, by operators, retried, with
 * every answer lost), notifications (delivered, dropped, duplicated, delayed, stale), other shops' traffic, payments
 * modified without a status change, and i'mport faults, over a few orders at a time, against the real service and the
 * sandbox. After each history the faults clear, the sweeper runs and the paid re-check walks (across passes, its pages
 * small); then every order must be what i'mport's payments imply, and the money oracle (ledger.ts) must balance.
 * `npm run test:model -- --runs N [--seed S]` runs longer; a failure prints its seed and the shrunk history.
 */
const runs = Number(process.env.MODEL_RUNS ?? 200);
const seed = Number(process.env.MODEL_SEED ?? Date.now() % 2 ** 31);

t.setTimeout(Math.max(600_000, runs * 5_000));
t.test(`the settlement core under ${runs} random histories (seed ${seed})`, async (t) => {
  const world = await startWorld(t);
  const amounts = fc.array(fc.constantFrom(1000, 5000, 10_000, 25_000), { minLength: 1, maxLength: 2 });
  const property = fc.asyncProperty(amounts, fc.commands(commands, { maxCommands: 24, size: 'large' }), async (orderAmounts, history) => {
    const started = Math.floor(Date.now() / 1000);
    const model = await beginSequence(world, orderAmounts);
    await fc.asyncModelRun(() => ({ model, real: world }), history);
    await settle(world, started);
    const problems = [...badAnswers(world)];
    for (const order of model.orders) problems.push(...(await brokenPromises(world, model.ledger, order)));
    if (problems.length) throw new Error(problems.join('\n'));
  });
  t.comment(`model seed ${seed}: repeat with MODEL_SEED=${seed}`);
  await fc.assert(property, { numRuns: runs, seed, verbose: 1 });
  t.pass(`${runs} histories kept every promise`);
});
