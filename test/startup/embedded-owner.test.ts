import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { freePort, scratch } from '../helpers/scratch.js';
import { spawnEntryPoint, untilListening } from '../helpers/entry-point.js';

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function postmasterOf(dataDir: string): Promise<number> {
  return Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

/** A PostgreSQL a test left behind would outlive the run: stop it whatever happened. */
function stopAtTeardown(t: Test, pid: number): void {
  t.teardown(() => {
    if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
  });
}

async function untilGone(pid: number, ms = 15_000): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(100)) if (!isAlive(pid)) return true;
  return false;
}

async function serve(t: Test, dataDir: string) {
  const port = await freePort();
  const started = spawnEntryPoint(t, { DATA_DIR: dataDir, PORT: String(port) });
  await untilListening(started);
  return { started, port, postmaster: await postmasterOf(dataDir) };
}

t.test('after a kill -9 of the service, the next start stops the PostgreSQL it left and starts afresh', async (t) => {
  const dataDir = await scratch(t);
  const first = await serve(t, dataDir);
  stopAtTeardown(t, first.postmaster);
  first.started.process.kill('SIGKILL');
  await first.started.exited;
  t.ok(isAlive(first.postmaster), 'a kill -9 leaves the embedded PostgreSQL running: nothing in the process could stop it');

  const second = await serve(t, dataDir);
  stopAtTeardown(t, second.postmaster);
  t.ok(await untilGone(first.postmaster), 'the orphan was stopped');
  t.not(second.postmaster, first.postmaster);
  t.equal((await fetch(`http://127.0.0.1:${second.port}/readyz`)).status, 200);
  second.started.process.kill('SIGTERM');
  t.equal(await second.started.exited, 0);
  t.ok(await untilGone(second.postmaster), 'a clean stop stops it too');
});

t.test('a DATA_DIR held by a running PostgreSQL of someone else: one line with its pid and the fix, and it is left alone', async (t) => {
  const dataDir = await scratch(t);
  const running = await serve(t, dataDir);
  stopAtTeardown(t, running.postmaster);

  const second = spawnEntryPoint(t, { DATA_DIR: dataDir, PORT: String(await freePort()) });
  t.equal(await second.exited, 1);
  t.match(second.stderr(), new RegExp(`^payment-verifier could not start: DATA_DIR ${dataDir}: in use by a running PostgreSQL \\(pid ${running.postmaster}\\) of payment-verifier \\(pid ${running.started.process.pid}\\), which is still running; stop that one first, or choose another DATA_DIR\\n$`));

  await rm(path.join(dataDir, 'postgres-owner.json'));
  const third = spawnEntryPoint(t, { DATA_DIR: dataDir, PORT: String(await freePort()) });
  t.equal(await third.exited, 1);
  t.match(third.stderr(), new RegExp(`^payment-verifier could not start: DATA_DIR ${dataDir}: in use by a running PostgreSQL \\(pid ${running.postmaster}\\) that this service did not start; stop it \\(kill ${running.postmaster}\\) or choose another DATA_DIR\\n$`));

  t.ok(isAlive(running.postmaster), 'nobody else\'s PostgreSQL is stopped');
  t.equal((await fetch(`http://127.0.0.1:${running.port}/readyz`)).status, 200, 'the running service still works');
});
