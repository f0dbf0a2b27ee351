/**
 * The response headers the service sends, as components.headers, and the pass that makes each response's header
 * (named by openapi-responses.ts or by a route) a `$ref` to its component. Every answer also carries the security
 * headers of @fastify/helmet (listed in the document's description) and HTTP's own (Content-Type, Content-Length,
 * Date, Connection, Keep-Alive; Vary and Access-Control-* with CORS_ORIGINS).
 */

const integer = { type: 'integer', minimum: 0 };

export const RESPONSE_HEADERS: Record<string, Record<string, unknown>> = {
  'X-Request-Id': {
    description: "this request's id in the service's logs (the caller's own X-Request-Id when it sent one)",
    required: true,
    schema: { type: 'string', examples: ['5f0c8a8e-3b0a-4a51-9d7e-0f7f3c2d9b61'] },
  },
  'X-RateLimit-Limit': {
    description: "requests allowed per minute to this caller (per API key, or per client IP without one); absent for i'mport's allow-listed webhook senders",
    schema: { ...integer, examples: [600] },
  },
  'X-RateLimit-Remaining': { description: 'requests left in the current minute', schema: { ...integer, examples: [599] } },
  'X-RateLimit-Reset': { description: 'seconds until the current minute ends', schema: { ...integer, examples: [42] } },
  'Retry-After': {
    description: 'seconds until the rate limit lets this caller in again',
    required: true,
    schema: { ...integer, examples: [60] },
  },
  'Idempotent-Replayed': {
    description: "`true` when this is the stored first answer to this Idempotency-Key, sent again; absent on a first answer",
    schema: { type: 'string', enum: ['true'] },
  },
  Location: {
    description: "the order's result page (/payments/result?ref=…)",
    required: true,
    schema: { type: 'string', examples: ['/payments/result?ref=ord_0mbq2k7x3Zq8Yt1vR2wXn5c.q5Kx0Zt3Yv'] },
  },
  'Cache-Control': {
    description: 'no-store for whatever shows an order as it is now (a result page, a status, an export); the checkout kit may be kept five minutes',
    schema: { type: 'string', examples: ['no-store', 'public, max-age=300'] },
  },
  'Content-Disposition': { description: 'a CSV export is a download, named by what it holds and the day', schema: { type: 'string', examples: ['attachment; filename="orders-2026-05-04.csv"'] } },
};

export const SECURITY_HEADERS = [
  'Cross-Origin-Opener-Policy',
  'Cross-Origin-Resource-Policy',
  'Origin-Agent-Cluster',
  'Referrer-Policy',
  'Strict-Transport-Security',
  'X-Content-Type-Options',
  'X-DNS-Prefetch-Control',
  'X-Download-Options',
  'X-Frame-Options',
  'X-Permitted-Cross-Domain-Policies',
  'X-XSS-Protection',
];

type Node = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

/** Each response header named like a component becomes a `$ref` to it; an unknown name is a mistake and throws. */
export function documentHeaders(paths: Record<string, Node>): void {
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const responses = (item[method] as Node | undefined)?.responses as Record<string, Node> | undefined;
      for (const [code, response] of Object.entries(responses ?? {})) {
        const headers = response.headers as Node | undefined;
        if (!headers) continue;
        for (const name of Object.keys(headers)) {
          if (!RESPONSE_HEADERS[name]) throw new Error(`${method.toUpperCase()} ${path} ${code}: header ${name} is not in RESPONSE_HEADERS`);
          headers[name] = { $ref: `#/components/headers/${name}` };
        }
      }
    }
  }
}
