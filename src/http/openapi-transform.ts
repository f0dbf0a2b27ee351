import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { documentHeaders, RESPONSE_HEADERS } from './openapi-headers.js';
import { completeResponses } from './openapi-responses.js';
import { eventWebhooks } from './openapi-webhooks.js';
import { isRateLimited } from './rate-limit.js';

/**
 * What every operation shares is documented from the same facts the service acts on (openapi-responses.ts), so that
 * no route has to repeat it and none can forget it. The simulators' routes are not this service's contract: they
 * have documents of their own under their prefix.
 */

type JsonSchema = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';
const SIMULATORS = /^\/sandbox\//;

const IDEMPOTENCY_KEY = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description:
    'names one logical request: a retry with the same key and body gets the first response again (kept at least 24 hours, ' +
    'per API key); the same key with another body is a 422, and while the first request runs a 409',
  examples: ['9b2f6c1e-8d4a-4f0b-a7c3-2e5d1f8a6b90'],
};

function withIdempotencyKey(headers: JsonSchema | undefined): JsonSchema {
  const properties = (headers?.properties as JsonSchema | undefined) ?? {};
  return { type: 'object', ...headers, properties: { ...properties, 'Idempotency-Key': IDEMPOTENCY_KEY } };
}

/** fastify-type-provider-zod drops a content-typed response's `headers` (e.g. the result page's Cache-Control): put back. */
function withOwnHeaders(transformed: unknown, declared: unknown): Record<string, JsonSchema> {
  const responses = { ...(transformed as Record<string, JsonSchema> | undefined) };
  for (const [code, raw] of Object.entries((declared as Record<string, JsonSchema> | undefined) ?? {})) {
    if (raw.headers && responses[code]) responses[code] = { ...responses[code], headers: raw.headers };
  }
  return responses;
}

/** Per route: the zod schemas as JSON schema, plus the shared statuses and headers, and the Idempotency-Key header. */
export const documentRoute: SwaggerTransform = (input) => {
  if (SIMULATORS.test(input.url)) return { schema: { hide: true }, url: input.url } as ReturnType<SwaggerTransform>;
  const { schema, url } = jsonSchemaTransform(input) as { schema: JsonSchema | undefined; url: string };
  if (!schema || schema.hide) return { schema, url } as ReturnType<SwaggerTransform>;
  const config = input.route.config ?? {};
  const facts = {
    method: [input.route.method].flat()[0]!.toUpperCase(),
    secured: ((schema.security as unknown[] | undefined) ?? []).length > 0,
    limited: isRateLimited(url),
    idempotent: config.idempotent === true,
    publicStatus: config.publicStatus === true,
    answerHeaders: config.answerHeaders ?? [],
  };
  const response = completeResponses(withOwnHeaders(schema.response, input.schema?.response), facts);
  const headers = facts.idempotent ? withIdempotencyKey(schema.headers as JsonSchema | undefined) : schema.headers;
  return { schema: { ...schema, response, ...(headers ? { headers } : {}) }, url };
};

/** Every `$ref`'d schema name reachable from `roots`, following components into each other. */
function usedSchemas(roots: unknown[], schemas: Record<string, unknown>): Set<string> {
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
  roots.forEach(visit);
  return used;
}

/**
 * The registered zod schemas as components, less those nothing refers to (zod emits an input and an output copy of
 * each); the pushed events as `webhooks:`; response headers as `$ref`s to components.headers.
 */
export const documentComponents: SwaggerTransformObject = (input) => {
  const document = jsonSchemaTransformObject(input) as { paths?: Record<string, JsonSchema>; components?: { schemas?: Record<string, unknown> } };
  const webhooks = eventWebhooks();
  documentHeaders(document.paths ?? {});
  const schemas = document.components?.schemas ?? {};
  const used = usedSchemas([document.paths, webhooks], schemas);
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return {
    ...document,
    webhooks,
    components: { ...document.components, schemas: kept, headers: RESPONSE_HEADERS },
  } as ReturnType<SwaggerTransformObject>;
};
