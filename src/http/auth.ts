import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Unauthorized } from '../errors.js';

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Keys are held only as SHA-256 digests and compared in constant time, so neither memory dumps nor response timing
 * reveal them. Returns the caller's key id (a digest prefix) for per-key limits and idempotency scopes, or undefined.
 */
export function createApiKeyCheck(apiKeys: readonly string[]): (request: FastifyRequest) => string | undefined {
  const digests = apiKeys.map(sha256);
  return (request) => {
    const presented = bearerToken(request.headers.authorization);
    if (presented === undefined) return undefined;
    const digest = sha256(presented);
    let matched = false;
    for (const known of digests) matched = timingSafeEqual(known, digest) || matched;
    return matched ? digest.subarray(0, 8).toString('hex') : undefined;
  };
}

/**
 * Names the caller before anything else runs, without refusing anyone yet: the rate limiter that runs next counts a
 * caller with a valid key per key and everyone else per IP, so guessed keys are throttled like any public request.
 */
export function registerCallerIdentification(app: FastifyInstance, apiKeys: readonly string[]): void {
  const checkApiKey = createApiKeyCheck(apiKeys);
  app.addHook('onRequest', async (request) => {
    request.apiKeyId = checkApiKey(request);
  });
}

/** The internal API's gate: an onRequest hook for its scope. */
export async function requireApiKey(request: FastifyRequest): Promise<void> {
  if (!request.apiKeyId) throw new Unauthorized();
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set for every request that presents a valid API key (registerCallerIdentification) */
    apiKeyId?: string;
  }
}
