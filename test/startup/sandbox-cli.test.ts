import { spawn } from 'node:child_process';
import { chmod, chown, readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';
import { freePort, scratch } from '../helpers/scratch.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = import.meta.resolve('tsx');
const NOBODY = 65534;

/** `npm run sandbox` as a fresh clone runs it: from the clone's directory, with the default DATA_DIR (./.data). */
async function runSandboxCli(t: Test, clone: string, port: number, uid?: number) {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/sandbox/cli.ts'), '--port', String(port)], {
    cwd: clone,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(uid === undefined ? {} : { uid, gid: uid }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  t.teardown(() => void (child.exitCode === null && child.signalCode === null && child.kill('SIGTERM')));
  for (const deadline = Date.now() + 90_000; !stdout.includes("i'mport sandbox at") && Date.now() < deadline; await sleep(100)) {
    if (child.exitCode !== null) break;
  }
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function worksFromAFreshClone(t: Test, uid?: number) {
  const clone = await scratch(t);
  await chmod(clone, 0o755);
  if (uid !== undefined) await chown(clone, uid, uid);
  const port = await freePort();
  const run = await runSandboxCli(t, clone, port, uid);
  t.equal(run.stderr(), '', 'nothing on stderr');
  t.match(run.stdout(), `i'mport sandbox at http://127.0.0.1:${port}/sandbox/iamport`);
  const token = await fetch(`http://127.0.0.1:${port}/sandbox/iamport/users/getToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' }),
  });
  t.equal(token.status, 200, 'the simulator answers');
  const postmaster = Number((await readFile(path.join(clone, '.data/sandbox/postgres/postmaster.pid'), 'utf8')).split('\n')[0]);
  run.child.kill('SIGTERM');
  t.equal(await run.exited, 0);
  t.throws(() => process.kill(postmaster, 0), 'its PostgreSQL stopped with it');
}

t.test('npm run sandbox works on a fresh clone as this user', (t) => worksFromAFreshClone(t));

if (process.getuid?.() === 0) {
  t.test('npm run sandbox works on a fresh clone of another user', (t) => worksFromAFreshClone(t, NOBODY));
}

t.test('npm run sandbox that cannot start says why in one line', async (t) => {
  const clone = await scratch(t);
  await chmod(clone, 0o755);
  const occupied = await freePort();
  const blocker = (await import('node:net')).createServer().listen(occupied, '127.0.0.1');
  t.teardown(() => blocker.close());
  const run = await runSandboxCli(t, clone, occupied);
  t.equal(await run.exited, 1);
  t.match(run.stderr(), new RegExp(`^sandbox could not start: PORT ${occupied} on HOST 127\\.0\\.0\\.1 is already in use; .*\\n$`));
});
