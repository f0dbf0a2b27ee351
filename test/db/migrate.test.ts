import t from 'tap';
import { sql } from 'kysely';
import { connectDatabase } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { freshDatabase } from '../helpers/database.js';

t.test('instances starting together apply each migration once', async (t) => {
  const database = await freshDatabase(t);
  await sql`DROP SCHEMA public CASCADE; CREATE SCHEMA public`.execute(database.db);
  const instances = Array.from({ length: 4 }, () => connectDatabase(database.url, { max: 2 }));
  t.teardown(() => Promise.all(instances.map((instance) => instance.close())));

  const applied = await Promise.all(instances.map((instance) => migrateToLatest(instance.db)));
  t.equal(applied.flat().filter((name) => name.startsWith('0001')).length, 1, 'exactly one instance applied 0001');
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM kysely_migration`.execute(database.db);
  t.equal(rows[0]!.n, applied.flat().length);
});

t.test('the schema refuses impossible money', async (t) => {
  const database = await freshDatabase(t);
  const insert = (amount: number) =>
    database.db.insertInto('orders').values({ merchant_uid: `o_${amount}`, name: 'x', amount, buyer: {}, metadata: {} }).execute();
  await t.rejects(insert(0), /check constraint/);
  await t.rejects(insert(-5), /check constraint/);
  await t.rejects(insert(10_000_000_001), /check constraint/);
  await insert(1000);
  await t.rejects(
    database.db.updateTable('orders').set({ cancelled_amount: 1 }).where('merchant_uid', '=', 'o_1000').execute(),
    /check constraint/,
    'more cancelled than paid',
  );
});
