import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { redactDatabaseUrl } from '../../src/db/connect.js';
import { freshDatabase } from '../helpers/database.js';
import { spawnEntryPoint, untilListening } from '../helpers/entry-point.js';

t.test('every way a DATABASE_URL carries a credential is masked', async (t) => {
  const cases: Array<[string, string]> = [
    ['postgres://shop:hunter2@db:5432/shop', 'postgres://shop:***@db:5432/shop'],
    ['postgres://shop@db/shop?password=hunter2', 'postgres://shop@db/shop?password=***'],
    ['postgres://shop@db/shop?sslmode=require&PASSWORD=hunter2', 'postgres://shop@db/shop?sslmode=require&PASSWORD=***'],
    ['postgres://shop@db/shop?sslpassword=hunter2&application_name=x', 'postgres://shop@db/shop?sslpassword=***&application_name=x'],
    ['postgres://shop:hunter%32@db/shop?password=hunter2&password=hunter2', 'postgres://shop:***@db/shop?password=***&password=***'],
    ['postgresql://db/shop?options=-c%20x%3D1&user=shop&password=hunter2', 'postgresql://db/shop?options=-c%20x%3D1&user=shop&password=***'],
  ];
  for (const [url, expected] of cases) t.equal(redactDatabaseUrl(url), expected);
  t.equal(redactDatabaseUrl('postgres://shop:hunter2@[bad/shop?password=hunter2'), 'postgres://(unparseable)');
});

t.test('a database password given as ?password= never reaches the log at start-up', async (t) => {
  const database = await freshDatabase(t);
  const url = new URL(database.url);
  const password = decodeURIComponent(url.password);
  t.ok(password.length >= 8, 'the test database has a password to hide');
  url.password = '';
  url.searchParams.set('password', password);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'pv-credentials-'));
  t.teardown(() => rm(dataDir, { recursive: true, force: true }));
  const started = spawnEntryPoint(t, { DATABASE_URL: url.toString(), PORT: '0', LOG_LEVEL: 'info', DATA_DIR: dataDir });
  await untilListening(started);
  t.match(started.stdout(), /"database":"postgres:\/\/[^"]*\?password=\*\*\*"/, 'the URL is logged, masked');
  t.notOk(started.stdout().includes(password) || started.stderr().includes(password), 'the password is nowhere');
});
