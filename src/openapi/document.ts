import type { App } from '../app.js';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';

/**
 * openapi.yaml as the routes declare it. Nothing connects to a database: the pool is never used. `extend` adds
 * routes before the document is made (the lint test's example of a route documented badly).
 */
export async function openapiDocument(extend?: (app: App) => void): Promise<string> {
  const config = loadConfig({ LOG_LEVEL: 'silent' });
  const database = connectDatabase('postgres://unused@127.0.0.1:1/unused');
  const app = await buildApp({ config, database });
  try {
    extend?.(app);
    await app.ready();
    return app.swagger({ yaml: true });
  } finally {
    await app.close();
    await database.close();
  }
}
