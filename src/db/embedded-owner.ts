import { readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * DATA_DIR/postgres-owner.json names the embedded PostgreSQL this service started and the service process that owns it.
 * A service killed outright (kill -9, the OOM killer) cannot stop its PostgreSQL; the next start finds it through this
 * record, sees its owner gone, and stops it, instead of failing on PostgreSQL's own lock file. A PostgreSQL whose owner
 * still runs, or that this service did not start, is never touched.
 */
const RECORD = 'postgres-owner.json';
const STOP_WAIT_MS = 30_000;

interface OwnerRecord {
  postmaster: number;
  owner: number;
  /** the owner's start time (Linux /proc), so that a reused pid is not mistaken for it */
  ownerStartedAt: string | null;
}

/** A field of /proc/<pid>/stat: 3 is the state, 22 the start time; null where /proc is not there. */
function procStat(pid: number, field: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[field - 3] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procStat(pid, 3) !== 'Z';
}

/** Whether `pid` runs PostgreSQL on `databaseDir` (its `-D` argument); taken as yes where /proc cannot tell. */
function servesDirectory(pid: number, databaseDir: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(databaseDir);
  } catch {
    return true;
  }
}

async function postmasterPid(databaseDir: string): Promise<number | undefined> {
  const pid = Number((await readFile(path.join(databaseDir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

const readRecord = async (dataDir: string): Promise<OwnerRecord | undefined> =>
  JSON.parse(await readFile(path.join(dataDir, RECORD), 'utf8').catch(() => 'null')) ?? undefined;

const ownerRuns = (record: OwnerRecord) =>
  record.owner !== process.pid && isAlive(record.owner) && (record.ownerStartedAt === null || procStat(record.owner, 22) === record.ownerStartedAt);

async function stopOrphan(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
  for (const deadline = Date.now() + STOP_WAIT_MS; Date.now() < deadline; await sleep(100)) if (!isAlive(pid)) return;
  throw new Error(`the PostgreSQL (pid ${pid}) a previous run left did not stop within ${STOP_WAIT_MS / 1000} s; stop it (kill ${pid}) and start again`);
}

/** Before starting: stops the PostgreSQL a killed run of this service left on `databaseDir`; refuses anyone else's. */
export async function claimDataDir(dataDir: string, databaseDir: string): Promise<void> {
  const pid = await postmasterPid(databaseDir);
  if (pid === undefined || !isAlive(pid) || !servesDirectory(pid, databaseDir)) return; // a stale lock PostgreSQL clears itself
  const record = await readRecord(dataDir);
  if (record?.postmaster !== pid) {
    throw new Error(`in use by a running PostgreSQL (pid ${pid}) that this service did not start; stop it (kill ${pid}) or choose another DATA_DIR`);
  }
  if (ownerRuns(record)) {
    throw new Error(`in use by a running PostgreSQL (pid ${pid}) of payment-verifier (pid ${record.owner}), which is still running; stop that one first, or choose another DATA_DIR`);
  }
  await stopOrphan(pid);
}

/** After starting: records the PostgreSQL as this process's. */
export async function recordOwner(dataDir: string, databaseDir: string): Promise<void> {
  const record: OwnerRecord = { postmaster: (await postmasterPid(databaseDir))!, owner: process.pid, ownerStartedAt: procStat(process.pid, 22) };
  await writeFile(path.join(dataDir, RECORD), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

/** After a clean stop. */
export const forgetOwner = (dataDir: string): Promise<void> => rm(path.join(dataDir, RECORD), { force: true });
