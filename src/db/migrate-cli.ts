import { loadConfig } from '../config.js';
import { connectDatabase } from './connect.js';
import { startEmbeddedPostgres } from './embedded.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, persistent: true });
const database = connectDatabase(config.databaseUrl ?? embedded!.url);
try {
  const applied = await migrateToLatest(database.db);
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'already up to date\n');
} finally {
  await database.close();
  await embedded?.stop();
}
