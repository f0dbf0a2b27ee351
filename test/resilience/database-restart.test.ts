import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { startTestApp, TEST_API_KEY } from '../helpers/app.js';
import { startSandbox } from '../helpers/sandbox.js';
import { sandboxConfig } from '../helpers/service.js';

/** A PostgreSQL server of this file's own: the shared test server must never be restarted under other files. */
async function dedicatedPostgres(t: Test): Promise<{ server: EmbeddedDatabase; database: DatabaseHandle }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pv-restart-pg-'));
  await chmod(dataDir, 0o755); // as root, PostgreSQL runs as its own OS user
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const server = await startEmbeddedPostgres({ dataDir, persistent: true });
  t.teardown(() => server.stop());
  const database = connectDatabase(server.url);
  t.teardown(() => database.close());
  await migrateToLatest(database.db);
  return { server, database };
}

interface Answer {
  status: number;
  body: any;
}
type Phase = 'before' | 'down' | 'after';

async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(20_000) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  } catch (error) {
    return { status: 0, body: { message: `no answer: ${(error as Error).message}` } }; // a hang, a reset, bad JSON
  }
}

t.test('the database restarts in the middle of traffic: clean 503s, then the same app recovers by itself', async (t) => {
  const { server, database } = await dedicatedPostgres(t);
  const sandbox = await startSandbox(t, database); // i'mport's state lives in the same server: it goes down too
  // hundreds of callbacks from one IP in seconds would otherwise be 429s
  const { url } = await startTestApp(t, database, sandboxConfig(sandbox, { PUBLIC_RATE_LIMIT: '100000' }));
  const auth = { authorization: `Bearer ${TEST_API_KEY}` };
  const json = { 'content-type': 'application/json' };
  const createOrder = async (amount: number) => {
    const created = await call(`${url}/orders`, { method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify({ amount, name: 'mug' }) });
    if (created.status !== 201) throw new Error(`order not created: ${created.status} ${JSON.stringify(created.body)}`);
    const payment = await sandbox.control.createPayment({ merchant_uid: created.body.merchant_uid, amount });
    return { merchant_uid: created.body.merchant_uid as string, imp_uid: payment.imp_uid };
  };
  const complete = (ids: { merchant_uid: string; imp_uid: string }) =>
    call(`${url}/payments/complete`, { method: 'POST', headers: json, body: JSON.stringify(ids) });
  const eventsOf = async (merchantUid: string) =>
    (await database.db.selectFrom('order_events').select('type').where('merchant_uid', '=', merchantUid).orderBy('id').execute()).map((row) => row.type);

  const busy = await Promise.all([1100, 1200, 1300, 1400].map(createOrder));
  const untouched = await createOrder(2500); // verified only after the restart

  let phase = 'before' as Phase;
  let running = true;
  const answers: Array<Answer & { phase: Phase; what: string }> = [];
  const worker = async (w: number) => {
    for (let i = w; running; i += 1) {
      const ids = busy[i % busy.length]!;
      const seenIn = phase;
      const [what, answer] = i % 2 ? ['complete', await complete(ids)] : ['get', await call(`${url}/orders/${ids.merchant_uid}`, { headers: auth })];
      answers.push({ ...answer, phase: seenIn, what });
      await sleep(10);
    }
  };
  const traffic = Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(worker));
  const until = async (what: string, done: () => boolean | Promise<boolean>, ms = 30_000) => {
    for (const deadline = Date.now() + ms; !(await done()); await sleep(50)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  };

  try {
    await until('traffic before the outage', () => answers.length >= 40);
    await server.stop();
    phase = 'down';
    const readyDown = await call(`${url}/readyz`);
    t.match(readyDown, { status: 503, body: { ok: false, message: String } }, '/readyz says 503 while PostgreSQL is down');
    const bothRefused = () => ['get', 'complete'].every((what) => answers.some((a) => a.phase === 'down' && a.what === what && a.status !== 200));
    await until('both kinds of request to be refused', bothRefused);
    await server.start();
    phase = 'after';
    t.match(await call(`${url}/readyz`), { status: 200, body: { ok: true } }, 'ready again at once, with no rebuild');
    await sleep(1000);
  } finally {
    running = false;
    await traffic;
  }

  const unexpected = answers.filter((a) => a.status !== 200 && !(a.status === 503 && typeof a.body?.message === 'string'));
  t.same(unexpected, [], `all ${answers.length} answers were 200 or a 503 with a message`);
  t.ok(answers.some((a) => a.phase === 'before' && a.status === 200), 'traffic was served before the outage');
  t.ok(answers.some((a) => a.phase === 'after' && a.status === 200), 'and is served again after it');
  t.comment(`answers: ${answers.length}; 503: ${answers.filter((a) => a.status === 503).length}`);

  t.match(await call(`${url}/orders/${untouched.merchant_uid}`, { headers: auth }), { status: 200, body: { status: 'pending' } }, 'the data survived the restart');
  t.match(await complete(untouched), { status: 200, body: { status: 'success', order: { status: 'paid', paid_amount: 2500 } } });
  t.same(await eventsOf(untouched.merchant_uid), ['order.created', 'order.paid'], 'a payment verified after the restart settles once');
  for (const ids of busy) {
    t.match(await complete(ids), { status: 200, body: { status: 'success' } });
    t.same(await eventsOf(ids.merchant_uid), ['order.created', 'order.paid'], 'one order.paid however the outage cut the callbacks');
  }
});
