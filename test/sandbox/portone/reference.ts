import { readFile } from 'node:fs/promises';
import AjvModule, { type ValidateFunction } from 'ajv';
import YAML from 'yaml';

/**
 * PortOne's own V2 OpenAPI document (portone-io/developers.portone.io, src/schema/v2.openapi.yml, info.version 1.16.0),
 * which is OpenAPI 3.0.3: schemas under components.schemas, no `nullable`, unions as oneOf + discriminator.
 */
export interface V2Reference {
  paths: Record<string, Record<string, V2Operation>>;
  components: { schemas: Record<string, Record<string, any>> };
}

export interface V2Operation {
  operationId: string;
  responses: Record<string, { content?: { 'application/json'?: { schema?: { $ref: string } } } }>;
}

const LOCATIONS = ['/work/shared/reference/portone-v2.openapi.yml', new URL('../../../../shared/reference/portone-v2.openapi.yml', import.meta.url)];

export async function loadV2Reference(): Promise<V2Reference> {
  for (const location of LOCATIONS) {
    const text = await readFile(location, 'utf8').catch(() => undefined);
    if (text) return YAML.parse(text) as V2Reference;
  }
  throw new Error('the V2 reference (shared/reference/portone-v2.openapi.yml) is missing');
}

export const refName = (ref: string) => ref.replace('#/components/schemas/', '');

/**
 * One schema as JSON Schema for ajv. Stricter than the document in one way: an object takes no property it does not
 * list (the simulator must not invent fields). A oneOf with a discriminator becomes a oneOf whose branches also fix the
 * discriminating property to their mapping key, since the variants themselves type it as any string.
 */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const source = node as Record<string, any>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-') || key === 'description' || key === 'title' || key === 'example' || key === 'discriminator') continue;
    if (key === '$ref') out.$ref = String(value).replace('#/components/schemas/', '#/$defs/');
    else out[key] = convert(value);
  }
  if (source.discriminator?.mapping) {
    const property = source.discriminator.propertyName as string;
    out.oneOf = Object.entries(source.discriminator.mapping as Record<string, string>).map(([value, ref]) => ({
      allOf: [{ $ref: ref.replace('#/components/schemas/', '#/$defs/') }, { type: 'object', required: [property], properties: { [property]: { const: value } } }],
    }));
  }
  if (source.type === 'object' && source.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Validators of the reference's schemas by name, e.g. 'Payment', 'CancelPaymentError'. */
export function validators(reference: V2Reference): (schema: string) => ValidateFunction {
  const ajv = new AjvModule.default({ strict: false, allErrors: true });
  ajv.addFormat('date-time', { type: 'string', validate: (value: string) => RFC3339.test(value) && !Number.isNaN(Date.parse(value)) });
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('int64', { type: 'number', validate: (value: number) => Number.isSafeInteger(value) });
  ajv.addFormat('int32', { type: 'number', validate: (value: number) => Number.isInteger(value) && Math.abs(value) <= 2 ** 31 });
  ajv.addFormat('binary', true);
  const $defs = Object.fromEntries(Object.entries(reference.components.schemas).map(([name, schema]) => [name, convert(schema)]));
  ajv.addSchema({ $id: 'v2', $defs });
  const cache = new Map<string, ValidateFunction>();
  return (schema) => {
    if (!cache.has(schema)) cache.set(schema, ajv.compile({ $ref: `v2#/$defs/${schema}` }));
    return cache.get(schema)!;
  };
}

/** The HTTP status the reference gives an error type (x-portone-status-code of the error schema it maps to). */
export function statusOfErrorType(reference: V2Reference, errorUnion: string, type: string): number | undefined {
  const ref = reference.components.schemas[errorUnion]?.discriminator?.mapping?.[type] as string | undefined;
  return ref ? reference.components.schemas[refName(ref)]?.['x-portone-status-code'] : undefined;
}
