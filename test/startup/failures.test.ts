import { execFile } from 'node:child_process';
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import t, { type Test } from 'tap';
import { checkedFetch } from '../helpers/contract.js';
import { freshDatabase } from '../helpers/database.js';
import { spawnEntryPoint, untilListening } from '../helpers/entry-point.js';
import { freePort, scratch } from '../helpers/scratch.js';

/** The entry point must stop by itself, saying why in one line on stderr, with no stack trace. */
async function failsWithOneLine(t: Test, env: Record<string, string>, expected: RegExp, exitCode = 1): Promise<string> {
  const started = spawnEntryPoint(t, env);
  t.equal(await started.exited, exitCode, 'exit code');
  const stderr = started.stderr().trim();
  t.equal(stderr.split('\n').length, 1, `one line: ${stderr}`);
  t.match(stderr, expected);
  t.notMatch(stderr, /^\s+at |\.ts:\d+|node:internal/m, 'no stack trace');
  return stderr;
}

t.test('a bad setting: one line naming it, exit 2', async (t) => {
  await failsWithOneLine(t, { TRUST_PROXY: 'true', DATA_DIR: await scratch(t) }, /^invalid environment variable TRUST_PROXY: .*hop count/, 2);
  await failsWithOneLine(t, { NODE_ENV: 'production', DATA_DIR: await scratch(t) }, /^invalid environment variable IAMPORT_API_KEY: .*IAMPORT_SANDBOX=true/, 2);
  const stderr = await failsWithOneLine(t, { API_KEYS: 'ops:too-short-a-key', DATA_DIR: await scratch(t) }, /^invalid environment variable API_KEYS: entry 1 \(ops\): .*at least 32/, 2);
  t.notMatch(stderr, 'too-short-a-key', 'the key itself is never printed');
});

t.test('PORT=abc and DATABASE_URL=mysql://: one line saying what the variable must be, exit 2', async (t) => {
  await failsWithOneLine(t, { PORT: 'abc', DATA_DIR: await scratch(t) }, /^invalid environment variable PORT: must be a port number from 0 to 65535$/, 2);
  const stderr = await failsWithOneLine(t, { DATABASE_URL: 'mysql://shop:hunter2@db/shop', DATA_DIR: await scratch(t) }, /^invalid environment variable DATABASE_URL: must be a postgres:\/\/ URL such as postgres:\/\/user:password@host:5432\/database/, 2);
  t.notMatch(stderr, 'hunter2', 'the value is not repeated');
});

t.test('a DATABASE_URL that refuses connections: one line naming it, password hidden', async (t) => {
  const port = await freePort();
  const stderr = await failsWithOneLine(t, { DATABASE_URL: `postgres://shop:hunter2secret@127.0.0.1:${port}/shop`, DATA_DIR: await scratch(t) }, /DATABASE_URL postgres:\/\/shop:\*\*\*@127\.0\.0\.1:\d+\/shop: connection refused/);
  t.notMatch(stderr, 'hunter2secret');
});

t.test('a port in use: one line naming PORT', async (t) => {
  const database = await freshDatabase(t);
  const occupied = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => occupied.once('listening', resolve));
  t.teardown(() => occupied.close());
  const port = String((occupied.address() as net.AddressInfo).port);
  await failsWithOneLine(t, { DATABASE_URL: database.url, PORT: port, DATA_DIR: await scratch(t) }, new RegExp(`PORT ${port} on HOST 127\\.0\\.0\\.1 is already in use`));
});

t.test('a DATA_DIR that is a file: one line naming DATA_DIR', async (t) => {
  const file = path.join(await scratch(t), 'not-a-directory');
  await writeFile(file, '');
  await failsWithOneLine(t, { DATA_DIR: file }, /DATA_DIR .*not-a-directory: a file is in the way/);
});

t.test('a DATA_DIR made by mktemp -d (mode 0700) works: the embedded PostgreSQL starts in it, and stops cleanly', async (t) => {
  const dataDir = await scratch(t);
  await chmod(dataDir, 0o700);
  const port = String(await freePort());
  const started = spawnEntryPoint(t, { DATA_DIR: dataDir, PORT: port });
  await untilListening(started);
  t.equal((await checkedFetch(t, `http://127.0.0.1:${port}/readyz`)).status, 200);
  t.match(started.stdout(), `console       : http://127.0.0.1:${port}/console`, "the operator's console is printed with the other URLs");
  t.equal((await stat(dataDir)).mode & 0o777, process.getuid?.() === 0 ? 0o701 : 0o700, 'others may enter (as root, for PostgreSQL), never list');
  started.process.kill('SIGTERM');
  t.equal(await started.exited, 0);
  t.equal(started.stderr(), '');
});

// Only root hands PostgreSQL to an OS user of its own; any other user runs it as itself and can enter its own directories.
if (process.getuid?.() === 0) {
  t.test('as root, a DATA_DIR below a directory PostgreSQL cannot enter: one line naming DATA_DIR and the fix', async (t) => {
    const parent = await scratch(t);
    await chmod(parent, 0o755);
    const locked = path.join(parent, 'locked');
    await mkdir(locked, { mode: 0o700 });
    await failsWithOneLine(t, { DATA_DIR: path.join(locked, 'data') }, /DATA_DIR .*locked\/data: .*cannot enter .*locked; .*chmod o\+x/);
  });
}

/** A read-only file system at `dir` (root only: a tmpfs mounted read-only), or undefined where mounting is not allowed. */
async function readOnlyMount(t: Test, dir: string, prepare?: (dir: string) => Promise<void>): Promise<string | undefined> {
  const mount = (...args: string[]) => new Promise<boolean>((resolve) => execFile('mount', args, (error) => resolve(!error)));
  if (process.getuid?.() !== 0 || !(await mount('-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', dir))) return undefined;
  t.teardown(() => new Promise((resolve) => execFile('umount', ['-l', dir], resolve)));
  await prepare?.(dir);
  return (await mount('-o', 'remount,ro', dir)) ? dir : undefined;
}

t.test('a read-only DATA_DIR, new or already used: one line naming DATA_DIR and what it must be', async (t) => {
  const empty = await readOnlyMount(t, await scratch(t));
  if (empty) await failsWithOneLine(t, { DATA_DIR: empty }, /^payment-verifier could not start: DATA_DIR .*: on a read-only file system; DATA_DIR must be a directory this user can write$/);
  const used = await readOnlyMount(t, await scratch(t), async (dir) => {
    const port = String(await freePort());
    const started = spawnEntryPoint(t, { DATA_DIR: dir, PORT: port });
    await untilListening(started);
    started.process.kill('SIGTERM');
    await started.exited;
  });
  if (used) await failsWithOneLine(t, { DATA_DIR: used }, /^payment-verifier could not start: DATA_DIR .*: on a read-only file system; DATA_DIR must be a directory this user can write$/);
  t.ok(process.getuid?.() !== 0 || (empty && used), 'as root both cases ran');
});
