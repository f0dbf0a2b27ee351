import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/connect.js';
import { registerRepeatingJob } from '../jobs/repeat.js';
import { AppError, Conflict, Invalid } from '../errors.js';

/** Keys are kept at least this long (API.md: ≥ 24 h), then deleted. */
const RETENTION = '25 hours';
/** A claim older than this without a response belongs to a process that died: the retry may take it over. */
const ABANDONED_AFTER = '2 minutes';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyKey?: { apiKeyId: string; key: string };
  }
}

const requestHash = (request: FastifyRequest) =>
  createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');

/** Claims the key, or answers for it: replay, 422 on another body, 409 while the first is running. */
async function claimOrReplay(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return;
  if (typeof key !== 'string' || key.length < 1 || key.length > 255) throw new Invalid('Idempotency-Key must be 1 to 255 characters');
  const apiKeyId = request.apiKeyId ?? 'anonymous';
  const hash = requestHash(request);
  const claimed = await sql<{ key: string }>`
    INSERT INTO idempotency_keys (api_key_id, key, request_hash) VALUES (${apiKeyId}, ${key}, ${hash})
    ON CONFLICT (api_key_id, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, created_at = now()
      WHERE idempotency_keys.status_code IS NULL AND idempotency_keys.request_hash = EXCLUDED.request_hash
        AND idempotency_keys.created_at < now() - ${ABANDONED_AFTER}::interval
    RETURNING key`.execute(db);
  if (claimed.rows.length) {
    request.idempotencyKey = { apiKeyId, key };
    return;
  }
  const existing = await db.selectFrom('idempotency_keys').selectAll().where('api_key_id', '=', apiKeyId).where('key', '=', key).executeTakeFirst();
  if (!existing) throw new Conflict('this Idempotency-Key was just released; retry');
  if (existing.request_hash !== hash) throw new AppError(422, 'idempotency_mismatch', 'this Idempotency-Key was used with a different request body');
  if (existing.status_code === null) throw new Conflict('a request with this Idempotency-Key is still in progress');
  reply.header('idempotent-replayed', 'true');
  return reply.status(existing.status_code).type('application/json; charset=utf-8').send(existing.response) as unknown as void;
}

/** Stores the first response for replays; a 5xx releases the key so that a retry can run. */
async function storeOutcome(db: Db, request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
  const claim = request.idempotencyKey;
  if (!claim) return;
  const where = db.updateTable('idempotency_keys').where('api_key_id', '=', claim.apiKeyId).where('key', '=', claim.key);
  if (reply.statusCode >= 500) {
    await db.deleteFrom('idempotency_keys').where('api_key_id', '=', claim.apiKeyId).where('key', '=', claim.key).execute();
  } else {
    await where.set({ status_code: reply.statusCode, response: typeof payload === 'string' ? payload : JSON.stringify(payload) }).execute();
  }
}

/** The hooks go on the routes marked `idempotent` only, so no other request pays for them. */
export function registerIdempotency(app: FastifyInstance, db: Db): void {
  const preHandler = (request: FastifyRequest, reply: FastifyReply) => claimOrReplay(db, request, reply);
  const onSend = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    await storeOutcome(db, request, reply, payload);
    return payload;
  };
  app.addHook('onRoute', (route) => {
    if (!route.config?.idempotent) return;
    route.preHandler = [...[route.preHandler ?? []].flat(), preHandler];
    route.onSend = [...[route.onSend ?? []].flat(), onSend];
  });
  registerRepeatingJob(app, 'idempotency key clean-up', 10 * 60_000, () =>
    db.deleteFrom('idempotency_keys').where(sql<boolean>`created_at < now() - ${RETENTION}::interval`).execute(),
  );
}
