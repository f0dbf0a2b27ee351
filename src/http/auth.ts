import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiKey } from '../config.js';
import { Unauthorized } from '../errors.js';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export interface Caller {
  /** a digest prefix of the key: scopes per-key limits and Idempotency-Keys */
  id: string;
  /** the operator API_KEYS names for the key, recorded with what it does */
  actor: string;
}

/**
 * Keys are held only as SHA-256 digests and compared in constant time (every key, whichever matches), so neither
 * memory dumps nor response timing reveal them. Returns who the caller is, or undefined.
 */
export function createApiKeyCheck(apiKeys: readonly ApiKey[]): (request: FastifyRequest) => Caller | undefined {
  const known = apiKeys.map(({ actor, key }) => ({ actor, digest: sha256(key) }));
  return (request) => {
    const presented = bearerToken(request.headers.authorization);
    if (presented === undefined) return undefined;
    const digest = sha256(presented);
    let caller: Caller | undefined;
    for (const { actor, digest: candidate } of known) {
      if (timingSafeEqual(candidate, digest) && !caller) caller = { id: digest.subarray(0, 8).toString('hex'), actor };
    }
    return caller;
  };
}

/**
 * Names the caller before anything else runs, without refusing anyone yet: the rate limiter that runs next counts a
 * caller with a valid key per key and everyone else per IP, so guessed keys are throttled like any public request.
 */
export function registerCallerIdentification(app: FastifyInstance, apiKeys: readonly ApiKey[]): void {
  const checkApiKey = createApiKeyCheck(apiKeys);
  app.addHook('onRequest', async (request) => {
    const caller = checkApiKey(request);
    request.apiKeyId = caller?.id;
    request.actor = caller?.actor;
  });
}

/** The internal API's gate: an onRequest hook for its scope. */
export async function requireApiKey(request: FastifyRequest): Promise<void> {
  if (!request.apiKeyId) throw new Unauthorized();
}

/** The operator behind an internal request (the scope's hook has made sure there is one). */
export function actorOf(request: FastifyRequest): string {
  if (!request.actor) throw new Unauthorized();
  return request.actor;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set for every request that presents a valid API key (registerCallerIdentification) */
    apiKeyId?: string;
    /** the operator that key names */
    actor?: string;
  }
}
