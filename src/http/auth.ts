import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { Unauthorized } from './errors.js';

export type ApiKeyCheck = (request: FastifyRequest) => string;

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Keys are held only as SHA-256 digests and compared in constant time, so neither memory dumps nor
 * response timing reveal them. Returns the caller's key id (a digest prefix) for per-key limits and
 * idempotency scopes.
 */
export function createApiKeyCheck(apiKeys: readonly string[]): ApiKeyCheck {
  const digests = apiKeys.map(sha256);
  return (request) => {
    const presented = bearerToken(request.headers.authorization);
    if (presented === undefined) throw new Unauthorized();
    const digest = sha256(presented);
    let matched = false;
    for (const known of digests) matched = timingSafeEqual(known, digest) || matched;
    if (!matched) throw new Unauthorized();
    return digest.subarray(0, 8).toString('hex');
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the internal API's auth hook: which API key called */
    apiKeyId?: string;
  }
}
