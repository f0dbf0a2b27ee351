import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import t, { type Test } from 'tap';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { eventsOf, startService } from '../helpers/service.js';

const SCRIPT = fileURLToPath(new URL('../helpers/service-process.ts', import.meta.url));

/** The service as a real process, killed in teardown whatever happens to the test. */
async function spawnService(t: Test, env: { DATABASE_URL: string; IAMPORT_API_URL: string }): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'inherit'] });
  t.teardown(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await once(child, 'exit');
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!.trim());
    });
    child.once('exit', (code, signal) => reject(new Error(`the service process exited (${code ?? signal}) before listening`)));
  });
  return { child, url };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  for (const deadline = Date.now() + ms; ; await sleep(20)) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
  }
}

t.test("killed between i'mport saying paid and our commit: nothing is half-done, and the sweeper settles it", async (t) => {
  const service = await startService(t);
  const { child, url } = await spawnService(t, { DATABASE_URL: service.database.url, IAMPORT_API_URL: service.sandbox.url });
  const order = await service.createOrder(4200);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 4200 });
  const { db } = service.database;
  const status = async () =>
    (await db.selectFrom('orders').select('status').where('merchant_uid', '=', order.merchant_uid).executeTakeFirstOrThrow()).status;

  // i'mport takes a moment to answer; meanwhile a lock on the orders table is taken, so the child stops exactly
  // between i'mport's answer and its read-decide-write of the order (its one write statement commits whole or not at
  // all, so before it is the only place to die half-way)
  await service.sandbox.control.injectFault({ kind: 'hang', count: 1, ms: 800, endpoint: 'payments.get' });
  const callback = fetch(`${url}/payments/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid }),
  }).then((response) => `answered ${response.status}`, () => 'no answer');
  await until("the child to ask i'mport", async () => (((await service.sandbox.control.counters())['payments.get'] ?? 0) >= 1 ? true : undefined));
  const locker = new pg.Client({ connectionString: service.database.url });
  await locker.connect();
  t.teardown(() => locker.end());
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
  const lockerPid = (await locker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  // polled outside the locker's transaction, which would see one frozen snapshot of pg_stat_activity
  const blocked = await until('the child to wait on the order lock', async () => {
    const { rows } = await sql<{ pid: number }>`SELECT pid FROM pg_stat_activity
      WHERE application_name = 'payment-verifier' AND wait_event_type = 'Lock' AND ${lockerPid}::int = ANY(pg_blocking_pids(pid))`.execute(db);
    return rows[0]?.pid;
  });
  t.ok(((await service.sandbox.control.counters())['payments.get'] ?? 0) >= 1, "i'mport was asked and said paid");

  // the process dies, and so does its connection: PostgreSQL does not look at a client's socket while a statement waits
  // on a lock, so the backend is ended as the lost connection would end it, before the lock is released
  child.kill('SIGKILL');
  await once(child, 'exit');
  await sql`SELECT pg_terminate_backend(${blocked}::int)`.execute(db);
  const gone = async () => ((await sql`SELECT 1 FROM pg_stat_activity WHERE pid = ${blocked}`.execute(db)).rows.length ? undefined : true);
  await until('the killed backend to go', gone);
  await locker.query('ROLLBACK');
  t.equal(await callback, 'no answer', 'the callback never got an answer');
  t.equal(await status(), 'pending', 'nothing committed: the order is still pending');
  t.same(await eventsOf(service, order.merchant_uid), ['order.created'], 'and no order.paid event');

  const deps = service.app.deps.money;
  t.match(await sweepOnce(deps, 0), { checked: 1, changed: 1, errors: 0 }, 'the sweeper finds it');
  t.equal(await status(), 'paid');
  t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid'], 'exactly one order.paid');
  t.match(await sweepOnce(deps, 0), { changed: 0, errors: 0 }, 'a second sweep changes nothing');
  t.same(await eventsOf(service, order.merchant_uid), ['order.created', 'order.paid']);
});
