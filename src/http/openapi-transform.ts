import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { isRateLimited } from './rate-limit.js';

/**
 * What every operation shares is documented here, from the same facts the service acts on (a route's
 * `config.idempotent`, the rate limiter's exemptions), so that no route has to repeat it and none can forget it.
 */

type JsonSchema = Record<string, unknown>;
type Responses = Record<string, JsonSchema>;

const COMPONENTS = '#/components/schemas/';
const errorRef = (description: string): JsonSchema => ({ $ref: `${COMPONENTS}Error`, description });

const DESCRIPTIONS: Record<string, string> = {
  '200': 'OK',
  '201': 'created',
  '303': 'see other',
  '400': 'invalid request: the message names the field',
  '401': 'missing or unknown API key',
  '403': 'the source address is not allowed',
  '404': 'not found',
  '409': 'conflict with the current state, or a request with this Idempotency-Key is still running',
  '422': 'this Idempotency-Key was used with a different request',
  '429': 'rate limited: retry after Retry-After seconds',
  '503': "i'mport or the database is unavailable: retry later",
  '4XX': 'refused by the HTTP layer before any route runs: malformed HTTP, headers too large',
};

const RETRY_AFTER = { 'Retry-After': { type: 'integer', description: 'seconds until the rate limit lets this caller in again' } };

const IDEMPOTENCY_KEY = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description:
    'names one logical request: a retry with the same key and body gets the first response again (kept at least 24 hours, ' +
    'per API key); the same key with another body is a 422, and while the first request runs a 409',
  examples: ['9b2f6c1e-8d4a-4f0b-a7c3-2e5d1f8a6b90'],
};

/** @fastify/swagger reads a response's description beside a `$ref` from `description`, elsewhere from this extension. */
function describe(code: string, schema: JsonSchema): JsonSchema {
  if (schema.description || schema['x-response-description']) return schema;
  const key = schema.$ref ? 'description' : 'x-response-description';
  return { ...schema, [key]: DESCRIPTIONS[code] ?? 'see the message' };
}

function completeResponses(responses: Responses, options: { idempotent: boolean; limited: boolean }): Responses {
  const all: Responses = { ...responses };
  if (options.idempotent) {
    all['409'] ??= errorRef(DESCRIPTIONS['409']!);
    all['422'] ??= errorRef(DESCRIPTIONS['422']!);
  }
  if (options.limited) all['429'] ??= errorRef(DESCRIPTIONS['429']!);
  if (all['429']) all['429'] = { ...all['429'], headers: RETRY_AFTER };
  for (const [code, schema] of Object.entries(all)) all[code] = describe(code.toUpperCase(), schema);
  all.default = errorRef('any other failure (500 internal error) answers the same JSON error body');
  return all;
}

function withIdempotencyKey(headers: JsonSchema | undefined): JsonSchema {
  const properties = (headers?.properties as JsonSchema | undefined) ?? {};
  return { type: 'object', ...headers, properties: { ...properties, 'Idempotency-Key': IDEMPOTENCY_KEY } };
}

/** Per route: the zod schemas as JSON schema, plus the Idempotency-Key header, 409/422, 429 with Retry-After, and a default. */
export const documentRoute: SwaggerTransform = (input) => {
  const { schema, url } = jsonSchemaTransform(input) as { schema: JsonSchema | undefined; url: string };
  if (!schema || schema.hide) return { schema, url } as ReturnType<SwaggerTransform>;
  const idempotent = input.route.config?.idempotent === true;
  const response = completeResponses((schema.response as Responses | undefined) ?? {}, { idempotent, limited: isRateLimited(url) });
  const headers = idempotent ? withIdempotencyKey(schema.headers as JsonSchema | undefined) : schema.headers;
  return { schema: { ...schema, response, ...(headers ? { headers } : {}) }, url };
};

/** The registered zod schemas as components, less those nothing refers to (zod emits an input and an output copy of each). */
export const documentComponents: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  const schemas = document.components?.schemas ?? {};
  const used = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      const name = key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS) ? value.slice(COMPONENTS.length) : undefined;
      if (name === undefined) visit(value);
      else if (!used.has(name)) {
        used.add(name);
        visit(schemas[name]);
      }
    }
  };
  visit(document.paths);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...document.components, schemas: kept } } as ReturnType<SwaggerTransformObject>;
};
