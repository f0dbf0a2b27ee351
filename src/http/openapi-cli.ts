// `npm run openapi`: writes openapi.yaml from the route schemas. Nothing connects to a database.
import { writeFile } from 'node:fs/promises';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { connectDatabase } from '../db/connect.js';

const config = loadConfig({ LOG_LEVEL: 'silent' });
const database = connectDatabase('postgres://unused@127.0.0.1:1/unused');
const app = await buildApp({ config, database });
await app.ready();
await writeFile(new URL('../../openapi.yaml', import.meta.url), app.swagger({ yaml: true }));
await app.close();
await database.close();
process.stdout.write('wrote openapi.yaml\n');
