import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const MIGRATIONS_ROOT = fileURLToPath(new URL('../../migrations', import.meta.url));

/** Plain SQL files, applied in name order, each in its own transaction. */
class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly folder: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.folder)).filter((name) => name.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(path.join(this.folder, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  }
}

export interface MigrationTarget {
  /** folder under migrations/; '' for the service's own tables */
  folder: string;
  /** schema holding the migration bookkeeping tables (and the migrated tables, when they name it) */
  schema?: string;
}

/**
 * Brings the database to the latest migration. kysely's migrator holds a PostgreSQL advisory lock
 * while it runs, so instances starting together apply each migration exactly once.
 */
export async function migrateToLatest(db: Kysely<any>, target: MigrationTarget = { folder: '' }): Promise<string[]> {
  if (target.schema) await createSchema(db, target.schema);
  const migrator = new Migrator({
    db,
    provider: new SqlFileMigrationProvider(path.join(MIGRATIONS_ROOT, target.folder)),
    migrationTableSchema: target.schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) throw error;
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** CREATE SCHEMA IF NOT EXISTS still races with itself; the advisory lock makes it safe for concurrent starts. */
async function createSchema(db: Kysely<any>, schema: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${'create schema ' + schema}))`.execute(tx);
    await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(tx);
  });
}
