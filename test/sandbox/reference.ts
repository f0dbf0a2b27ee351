import { readFile } from 'node:fs/promises';
import AjvModule from 'ajv';
import YAML from 'yaml';

/** The official V1 Swagger 2.0 file (portone-io/developers.portone.io, src/schema/v1.openapi.yml). */
export interface Reference {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, Record<string, unknown>>;
}

export interface Operation {
  operationId: string;
  parameters?: Array<{ name: string; in: string; required?: boolean }>;
  responses: Record<string, { description?: string; schema?: { $ref: string } }>;
}

const LOCATIONS = ['/work/shared/reference/v1.openapi.yml', new URL('../../../shared/reference/v1.openapi.yml', import.meta.url)];

export async function loadReference(): Promise<Reference> {
  for (const location of LOCATIONS) {
    const text = await readFile(location, 'utf8').catch(() => undefined);
    if (text) return YAML.parse(text) as Reference;
  }
  throw new Error('the V1 reference (shared/reference/v1.openapi.yml) is missing');
}

/** Swagger 2.0 as JSON Schema; optional fields may be null, as i'mport sends absent values. */
function clean(node: unknown, required: string[] = []): unknown {
  if (Array.isArray(node)) return node.map((item) => clean(item));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-') || key === 'description' || key === 'example') continue;
    if (key === 'maxLength' || key === 'minLength') out[key] = Number(value);
    else if (key === '$ref') out[key] = String(value).replace('#/definitions/', '#/$defs/');
    else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, Record<string, unknown>>).map(([name, prop]) => {
          const converted = clean(prop) as Record<string, unknown>;
          const nullable = !required.includes(name) && converted.type;
          return [name, nullable ? { ...converted, type: [converted.type, 'null'] } : converted];
        }),
      );
    } else out[key] = clean(value, (node as { required?: string[] }).required);
  }
  return out;
}

/** A validator of one definition of the reference, e.g. 'PaymentAnnotation' or 'PaymentResponse'. */
export function validatorOf(reference: Reference, definition: string, overrides: Record<string, unknown> = {}) {
  const defs = Object.fromEntries(Object.entries(reference.definitions).map(([name, def]) => [name, clean(def, def.required as string[] | undefined)]));
  const ajv = new AjvModule.default({ strict: false, allErrors: true });
  return ajv.compile({ $defs: { ...defs, ...overrides }, $ref: `#/$defs/${definition}` });
}
