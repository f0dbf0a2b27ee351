/**
 * The statuses and headers every operation shares, derived from the facts the service acts on: the HTTP layer and
 * fastify's own refusals (http/edge.ts, http/errors.ts), authentication, the rate limiter's exemptions, a route's
 * `config.idempotent`. A route declares only what its own handler answers; everything here is added to it.
 */

type JsonSchema = Record<string, unknown>;

export interface OperationFacts {
  method: string;
  /** needs an API key */
  secured: boolean;
  /** counted by the rate limiter */
  limited: boolean;
  idempotent: boolean;
  /** errors carry API.md's public `status` word */
  publicStatus: boolean;
  /** headers (components.headers names) the route may send on any answer (route config `answerHeaders`) */
  answerHeaders: readonly string[];
}

const DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'created',
  '303': 'see other',
  '400': 'invalid request: a parameter or body field (named in the message), a body that is not JSON, or malformed HTTP',
  '401': 'missing or unknown API key',
  '403': 'the source address is not allowed',
  '404': 'not found',
  '408': 'the request line, headers or body did not arrive in time',
  '409': 'conflict with the current state',
  '413': 'the body is larger than 64 KiB',
  '415': 'the body is not sent as Content-Type: application/json',
  '422': 'this Idempotency-Key was used with a different request',
  '429': 'rate limited: retry after Retry-After seconds',
  '431': 'the request line and headers are larger than 16 KiB',
  '500': 'internal error: nothing about it is in the answer, the request id finds it in the logs',
  '503': "i'mport or the database is unavailable, or this instance is shutting down: retry later",
};

const IDEMPOTENCY_CONFLICT = 'conflict with the current state, or a request with this Idempotency-Key is still running';

/** Which statuses an operation can answer beyond its route's own, and why. */
function sharedStatuses(facts: OperationFacts): string[] {
  const codes = ['400', '408', '431', '500', '503'];
  if (facts.secured) codes.push('401');
  if (['POST', 'PUT', 'PATCH'].includes(facts.method)) codes.push('413', '415');
  if (facts.idempotent) codes.push('409', '422');
  if (facts.limited) codes.push('429');
  return codes;
}

/** Statuses a replay of a stored first answer can have: anything the handler answered, never a refusal before it. */
const NOT_REPLAYED = new Set(['401', '408', '413', '415', '422', '429', '431']);

/** node answers these itself, before the rate limiter sees the request (a 408 may also come from the body timer, after it) */
const BEFORE_FASTIFY = new Set(['431']);

/** Names of components.headers (openapi-headers.ts) each answer of this operation may carry. */
function headersOf(code: string, facts: OperationFacts): string[] {
  const names = ['X-Request-Id'];
  if (facts.limited && !BEFORE_FASTIFY.has(code)) names.push('X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset');
  if (code === '429') names.push('Retry-After');
  if (code === '303') names.push('Location');
  if (facts.idempotent && Number(code) < 500 && !NOT_REPLAYED.has(code)) names.push('Idempotent-Replayed');
  if (!BEFORE_FASTIFY.has(code)) names.push(...facts.answerHeaders);
  return names;
}

const errorRef = (facts: OperationFacts) => `#/components/schemas/${facts.publicStatus ? 'PaymentError' : 'Error'}`;

/** @fastify/swagger reads a response's description beside a `$ref` from `description`, elsewhere from this extension. */
function describe(code: string, schema: JsonSchema, facts: OperationFacts): JsonSchema {
  if (schema.description || schema['x-response-description']) return schema;
  const key = schema.$ref ? 'description' : 'x-response-description';
  const text = code === '409' && facts.idempotent ? IDEMPOTENCY_CONFLICT : (DESCRIPTIONS[code] ?? 'see the message');
  return { ...schema, [key]: text };
}

/**
 * The route's responses plus the shared ones, each with its description and the headers it may carry (named here,
 * made `$ref`s to components.headers by documentHeaders). No `default`: every status is listed.
 */
export function completeResponses(declared: Record<string, JsonSchema>, facts: OperationFacts): Record<string, JsonSchema> {
  const all: Record<string, JsonSchema> = { ...declared };
  for (const code of sharedStatuses(facts)) all[code] ??= { $ref: errorRef(facts) };
  const sorted = Object.keys(all).sort();
  return Object.fromEntries(
    sorted.map((code) => {
      const schema = describe(code, all[code]!, facts);
      const own = (schema.headers as JsonSchema | undefined) ?? {};
      const shared = Object.fromEntries(headersOf(code, facts).map((name) => [name, { type: 'string' }]));
      return [code, { ...schema, headers: { ...shared, ...own } }];
    }),
  );
}
