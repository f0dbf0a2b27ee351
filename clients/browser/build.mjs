// The kit's two builds, minified: an ES module for bundlers and a script-tag build that defines `PaymentCheckout`.
// Declarations come from tsc. `bundles` is what test/clients/browser-size.test.ts measures, so the test and the build agree.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
const common = { entryPoints: [`${here}src/index.ts`], bundle: true, minify: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' };

export const bundles = {
  esm: { ...common, format: 'esm', outfile: `${here}dist/checkout.js` },
  iife: { ...common, format: 'iife', globalName: 'PaymentCheckout', outfile: `${here}dist/checkout.iife.js` },
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await Promise.all(Object.values(bundles).map((options) => build(options)));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', `${here}tsconfig.json`], { stdio: 'inherit' });
}
