// Starts what the benchmark measures, each in its own process: PostgreSQL (embedded), the i'mport sandbox
// (standalone), the service, and the classic-sample baseline. Seeds orders and paid sandbox payments in SQL.
import { fork, spawn } from 'node:child_process';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../dist/db/embedded.js';
import { connectDatabase } from '../dist/db/connect.js';
import { migrateToLatest } from '../dist/db/migrate.js';

export const API_KEY = 'bench-api-key-0123456789abcdef';
const ROOT = path.dirname(path.dirname(new URL(import.meta.url).pathname));

export async function startDatabase() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pv-bench-'));
  await chmod(dir, 0o755);
  const db = await startEmbeddedPostgres({ dataDir: dir, persistent: false, database: 'bench' });
  const handle = connectDatabase(db.url, { max: 4 });
  await migrateToLatest(handle.db);
  await migrateToLatest(handle.db, { folder: 'sandbox', schema: 'iamport_sandbox' });
  if (process.env.BENCH_SYNCHRONOUS_COMMIT === 'off') {
    // an experiment only: takes the disk's fsync out of every commit, to show what the CPU side costs
    await handle.pool.query('ALTER SYSTEM SET synchronous_commit = off');
    await handle.pool.query('SELECT pg_reload_conf()');
  }
  await handle.close();
  return db;
}

function waitForLine(child, pattern) {
  return new Promise((resolve, reject) => {
    let seen = '';
    child.stdout.on('data', (chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) resolve(match);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${seen}`)));
  });
}

export async function startSandbox(databaseUrl, port) {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/sandbox/cli.js'), '--port', String(port)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForLine(child, /i'mport sandbox at/);
  return { child, url: `http://127.0.0.1:${port}/sandbox/iamport` };
}

export async function startService(databaseUrl, sandboxUrl, port) {
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, 'bench/results')}`] : [];
  const child = spawn(process.execPath, [...profile, path.join(ROOT, 'dist/server.js')], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      IAMPORT_API_URL: sandboxUrl,
      IAMPORT_API_KEY: 'sandbox_imp_key',
      IAMPORT_API_SECRET: 'sandbox_imp_secret',
      API_KEYS: API_KEY,
      RECONCILE_INTERVAL_MS: '0',
      LOG_LEVEL: 'error',
      PUBLIC_RATE_LIMIT: '100000000',
      INTERNAL_RATE_LIMIT: '100000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForLine(child, /listening on/);
  return { child, url: `http://127.0.0.1:${port}` };
}

export async function startBaseline(databaseUrl, sandboxUrl) {
  const child = fork(path.join(ROOT, 'bench/baseline/server.mjs'), {
    env: { ...process.env, DATABASE_URL: databaseUrl, IAMPORT_API_URL: sandboxUrl, IMP_KEY: 'sandbox_imp_key', IMP_SECRET: 'sandbox_imp_secret' },
  });
  const port = await new Promise((resolve) => child.once('message', (message) => resolve(message.port)));
  return { child, url: `http://127.0.0.1:${port}` };
}

/**
 * `count` pending orders, each with a paid sandbox payment of the right amount, inserted in bulk. Returns their ids.
 * Payments carry the fields the service reads; the rest of i'mport's field list is not needed to verify.
 */
export async function seedPaidOrders(databaseUrl, prefix, count) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO orders (merchant_uid, name, amount, amount_registered, created_at, updated_at)
       SELECT $1 || g, 'bench', 1000 + g % 1000, true, now(), now() FROM generate_series(1, $2) g`,
      [prefix, count],
    );
    await client.query(
      `INSERT INTO iamport_sandbox.payments (imp_uid, merchant_uid, payment)
       SELECT 'imp_' || $1 || g, $1 || g, jsonb_build_object(
         'imp_uid', 'imp_' || $1 || g, 'merchant_uid', $1 || g, 'amount', 1000 + g % 1000, 'cancel_amount', 0,
         'currency', 'KRW', 'status', 'paid', 'pay_method', 'card', 'pg_provider', 'html5_inicis',
         'paid_at', extract(epoch FROM now())::int, 'sandbox', true)
       FROM generate_series(1, $2) g`,
      [prefix, count],
    );
  } finally {
    await client.end();
  }
  return Array.from({ length: count }, (_, i) => ({ merchant_uid: `${prefix}${i + 1}`, imp_uid: `imp_${prefix}${i + 1}` }));
}

/** Settled filler orders, so the table holds `total` rows; the indexes must keep the money path flat. */
export async function fillOrdersTo(databaseUrl, total) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n FROM orders');
    const missing = total - rows[0].n;
    if (missing > 0) {
      await client.query(
        `INSERT INTO orders (merchant_uid, name, amount, status, paid_amount, amount_registered, created_at, updated_at)
         SELECT 'fill_' || md5(random()::text || g), 'filler', 1000, 'paid', 1000, true,
                now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval
         FROM generate_series(1, $1) g`,
        [missing],
      );
    }
  } finally {
    await client.end();
  }
}

/** Writes out the bulk inserts and refreshes statistics, so the next phase runs on a quiet database. */
export async function settle(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
    await client.query('CHECKPOINT');
  } finally {
    await client.end();
  }
}

export function peakRssMb(pid) {
  return import('node:fs').then(({ readFileSync }) => {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  });
}
