import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Test } from 'tap';
import { connectDatabase, type DatabaseHandle } from '../../src/db/connect.js';
import { TEMPLATE_DATABASE } from '../../scripts/test-database.js';

function adminUrl(): string {
  const url = process.env.PV_TEST_ADMIN_URL;
  if (!url) throw new Error('PV_TEST_ADMIN_URL is not set: run the tests with `npm test` (see README)');
  return url;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
}

/** A fresh, migrated database of this test file's own, dropped when the test ends. */
export async function freshDatabase(t: Test, options: { max?: number; statementTimeoutMs?: number } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const handle = connectDatabase(url.toString(), options);
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await handle.close();
  };
  t.teardown(async () => {
    await close();
    await dropDatabase(name);
  });
  return { ...handle, close, url: url.toString(), name };
}

/** Drops a test database at once, cutting its connections: the closest thing to the database going away. */
export async function dropDatabase(name: string): Promise<void> {
  await admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}
