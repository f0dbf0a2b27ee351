import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  /**
   * For audit rows only (webhook receipts): its commits do not wait for the WAL to reach the disk, so a crash may lose
   * the last moment's rows, never money state; every request that writes one saves a disk flush.
   */
  auditPool: pg.Pool;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number; statementTimeoutMs?: number } = {}): DatabaseHandle {
  const pool = openPool(url, options.max ?? 20, options.statementTimeoutMs);
  const auditPool = openPool(url, 4, options.statementTimeoutMs, '-c synchronous_commit=off');
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, pool, auditPool, close: async () => void (await Promise.all([db.destroy(), auditPool.end()])) };
}

function openPool(url: string, max: number, statementTimeoutMs = 15_000, sessionOptions?: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    // a lock wait or a runaway query must not hold an HTTP request forever
    statement_timeout: statementTimeoutMs,
    application_name: 'payment-verifier',
    ...(sessionOptions ? { options: sessionOptions } : {}),
  });
  // A client losing its connection (database restart, failover) must not crash the process: idle clients report
  // through the pool, checked-out ones through their own 'error' event; the query in flight still fails and the
  // pool replaces the client.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `work` in one transaction; every money change goes through here. */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(work);
}

/** Query parameters that carry a credential (libpq's and pg's `password`, `sslpassword`, and any secret or token). */
const CREDENTIAL_PARAMETER = /([?&][^=&#]*(?:password|secret|token)[^=&#]*=)[^&#]*/gi;

/** A URL safe to log: the password is replaced, wherever the URL carries it. */
export function redactDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(CREDENTIAL_PARAMETER, '$1***');
  } catch {
    return 'postgres://(unparseable)';
  }
}
