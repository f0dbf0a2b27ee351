import { randomBytes } from 'node:crypto';
import type { Db } from './connect.js';

const loaded = new WeakMap<Db, Map<string, Promise<Buffer>>>();

/**
 * A secret every instance on this database shares (service_secrets): 32 random bytes made by the first instance that
 * asks, read by the others, then kept in memory. A failed read is forgotten, so the next call tries again.
 */
export function sharedSecret(db: Db, name: string): Promise<Buffer> {
  let secrets = loaded.get(db);
  if (!secrets) loaded.set(db, (secrets = new Map()));
  let secret = secrets.get(name);
  if (!secret) {
    secret = loadOrCreate(db, name);
    secrets.set(name, secret);
    secret.catch(() => secrets.delete(name));
  }
  return secret;
}

async function loadOrCreate(db: Db, name: string): Promise<Buffer> {
  await db.insertInto('service_secrets').values({ name, value: randomBytes(32) }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('service_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
