// `npm run openapi` (or `npm run generate` here): writes src/openapi.ts, the types of openapi.yaml.
import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const SPEC = new URL('../../../openapi.yaml', import.meta.url);
export const TYPES = new URL('../src/openapi.ts', import.meta.url);

/** openapi.yaml's paths, operations and components as TypeScript types, as openapi-typescript writes them. */
export async function generateTypes(spec: string): Promise<string> {
  return COMMENT_HEADER + astToString(await openapiTS(spec, { silent: true }));
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  await writeFile(TYPES, await generateTypes(await readFile(SPEC, 'utf8')));
  process.stdout.write('wrote clients/typescript/src/openapi.ts\n');
}
