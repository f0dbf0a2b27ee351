// `npm run openapi`: writes openapi.yaml from the route schemas. Nothing connects to a database.
import { writeFile } from 'node:fs/promises';
import { openapiDocument } from './document.js';

await writeFile(new URL('../../openapi.yaml', import.meta.url), await openapiDocument());
process.stdout.write('wrote openapi.yaml\n');
