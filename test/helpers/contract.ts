import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import YAML from 'yaml';
import { SECURITY_HEADERS } from '../../src/http/openapi-headers.js';

/**
 * Every answer checked against openapi.yaml, the contract as clients read it: its status is listed for the operation,
 * its body matches that status's schema (ajv, JSON Schema 2020-12, OpenAPI 3.1's dialect), every header it must send
 * is there and every header it sends is documented. contract-hook.ts runs it on every answer of a test's app.
 */

type Node = Record<string, any>;

export const CONTRACT: Node = YAML.parse(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));

/** HTTP's own headers and those of @fastify/helmet, which the contract names once, in its description. */
const GENERIC_HEADERS = new Set(
  ['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'vary', ...SECURITY_HEADERS].map((name) => name.toLowerCase()),
);
const isGeneric = (name: string) => GENERIC_HEADERS.has(name) || name.startsWith('access-control-');

const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(CONTRACT, 'contract');
const validators = new Map<string, ValidateFunction>();

const pointer = (...parts: string[]) => parts.map((part) => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

function validatorAt(path: string): ValidateFunction {
  let validate = validators.get(path);
  if (!validate) validators.set(path, (validate = ajv.compile({ $ref: `contract#/${path}` })));
  return validate;
}

const deref = (node: Node): Node => (node?.$ref ? node.$ref.slice(2).split('/').reduce((at: Node, key: string) => at[key.replaceAll('~1', '/')], CONTRACT) : node);

/** `/orders/:merchant_uid` (fastify) or `/orders/ord_1` (a URL) to the contract's `/orders/{merchant_uid}`. */
export function templateOf(path: string): string | undefined {
  const templated = path.replace(/:(\w+)/g, '{$1}');
  if (CONTRACT.paths[templated]) return templated;
  return Object.keys(CONTRACT.paths).find((template) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
}

export interface Exchange {
  method: string;
  /** a route (fastify's `/orders/:merchant_uid`) or a URL's path; undefined when no route matched */
  path: string | undefined;
  status: number;
  headers: Record<string, unknown>;
  /** the body as sent, when it is text */
  body: string | undefined;
}

function checkHeaders(response: Node, exchange: Exchange, problems: string[]): void {
  const documented = new Map(Object.entries(response.headers ?? {}).map(([name, header]) => [name.toLowerCase(), deref(header as Node)]));
  const sent = new Map(Object.entries(exchange.headers).filter(([, value]) => value !== undefined).map(([name, value]) => [name.toLowerCase(), String(value)]));
  for (const [name, header] of documented) {
    const value = sent.get(name);
    if (value === undefined) {
      if (header.required) problems.push(`header ${name} is required but was not sent`);
    } else if (header.schema?.type === 'integer' && !/^\d+$/.test(value)) problems.push(`header ${name}: ${value} is not an integer`);
    else if (header.schema?.enum && !header.schema.enum.includes(value)) problems.push(`header ${name}: ${value} is not one of ${header.schema.enum}`);
  }
  for (const name of sent.keys()) if (!documented.has(name) && !isGeneric(name)) problems.push(`header ${name} is sent but not documented`);
}

function checkBody(at: string, response: Node, exchange: Exchange, problems: string[]): void {
  const contentType = String(exchange.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (!response.content) {
    if (exchange.body) problems.push('a body was sent where none is documented');
    return;
  }
  if (!response.content[contentType]) return void problems.push(`content-type ${contentType || '(none)'} is not documented (${Object.keys(response.content)})`);
  if (exchange.body === undefined || !contentType.endsWith('json')) return;
  let body: unknown;
  try {
    body = JSON.parse(exchange.body);
  } catch {
    return void problems.push('the body is not JSON');
  }
  const validate = validatorAt(`${at}/${pointer('content', contentType, 'schema')}`);
  if (!validate(body)) {
    problems.push(...validate.errors!.slice(0, 5).map((error) => `body${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`));
  }
}

/** What is wrong with this answer by the contract, as sentences; none when it is right. */
export function contractProblems(exchange: Exchange): string[] {
  const problems: string[] = [];
  const template = exchange.path === undefined ? undefined : templateOf(exchange.path);
  const operation = template && CONTRACT.paths[template][exchange.method.toLowerCase()];
  if (!operation) {
    // a route outside the contract (docs, console pages, metrics) or none: its errors are still the one error shape
    if (exchange.status >= 400 && String(exchange.headers['content-type'] ?? '').includes('json')) {
      const validate = validatorAt(pointer('components', 'schemas', 'Error'));
      if (!validate(JSON.parse(exchange.body ?? 'null'))) problems.push(`an error body that is not Error: ${exchange.body?.slice(0, 200)}`);
    }
    return problems;
  }
  const code = String(exchange.status);
  const key = operation.responses[code] ? code : operation.responses[`${code[0]}XX`] ? `${code[0]}XX` : undefined;
  if (!key) return [`status ${code} is not documented`];
  const at = pointer('paths', template!, exchange.method.toLowerCase(), 'responses', key);
  const response = deref(operation.responses[key]);
  checkBody(at, response, exchange, problems);
  checkHeaders(response, exchange, problems);
  return problems;
}

/** The same, for a pushed event: its signature headers and its body against the `webhooks:` entry. */
export function webhookProblems(body: string, headers: Record<string, unknown>): string[] {
  const operation = CONTRACT.webhooks.orderEvent.post;
  const problems = (operation.parameters as Array<{ name: string; in: string }>)
    .filter((parameter) => parameter.in === 'header' && headers[parameter.name] === undefined)
    .map((parameter) => `header ${parameter.name} is required but was not sent`);
  const validate = validatorAt(pointer('webhooks', 'orderEvent', 'post', 'requestBody', 'content', 'application/json', 'schema'));
  if (!validate(JSON.parse(body))) problems.push(...validate.errors!.slice(0, 5).map((error) => `event${error.instancePath} ${error.message}`));
  return problems;
}

/**
 * fetch, for a service the test did not start in-process (a spawned `npm start`): its answer is checked on this
 * side, and handed back whole.
 */
export async function checkedFetch(t: { fail(message: string): void }, url: string, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, init);
  const body = await response.text();
  const exchange = { method: init?.method ?? 'GET', path: new URL(url).pathname, status: response.status, headers: Object.fromEntries(response.headers), body };
  for (const problem of contractProblems(exchange)) t.fail(`contract: ${exchange.method} ${exchange.path} answered ${response.status}: ${problem}`);
  return new Response(body || null, { status: response.status, headers: response.headers });
}
