// The CommonJS build lives in a package whose own package.json says "type": "module": this marks dist/cjs as
// CommonJS, for node's require and for TypeScript's node16 resolution of its .d.ts files alike.
import { writeFile } from 'node:fs/promises';

await writeFile(new URL('../dist/cjs/package.json', import.meta.url), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
