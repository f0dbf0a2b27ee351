import { readFile } from 'node:fs/promises';
import t from 'tap';
import { generateTypes, SPEC, TYPES } from '../../clients/typescript/scripts/generate.js';

t.test("the client's generated types are openapi.yaml's (run `npm run openapi`)", async (t) => {
  const committed = await readFile(TYPES, 'utf8');
  t.equal(committed, await generateTypes(await readFile(SPEC, 'utf8')), 'clients/typescript/src/openapi.ts is stale: run npm run openapi');
});
