import { readFile } from 'node:fs/promises';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import t from 'tap';
import { kst as serverKst } from '../../src/payments/korean-text.js';

const KIT = new URL('../../clients/browser/', import.meta.url);
const LIMIT_BYTES = 6 * 1024;

/** The kit's own build settings (clients/browser/build.mjs), so what is measured is what ships. */
async function bundle(name: 'esm' | 'iife'): Promise<string> {
  const { bundles } = (await import(new URL('build.mjs', KIT).href)) as { bundles: Record<string, BuildOptions> };
  const result = await build({ ...bundles[name], write: false });
  return result.outputFiles![0]!.text;
}

t.test('the checkout kit: minified and gzipped, each build stays within 6 KB', async (t) => {
  for (const name of ['esm', 'iife'] as const) {
    const code = await bundle(name);
    const gzipped = gzipSync(code, { level: 9 }).length;
    t.ok(gzipped <= LIMIT_BYTES, `${name}: ${code.length} bytes minified, ${gzipped} gzipped (limit ${LIMIT_BYTES})`);
  }
});

t.test('no runtime dependencies: the package declares none and the bundles import nothing', async (t) => {
  const manifest = JSON.parse(await readFile(new URL('package.json', KIT), 'utf8'));
  t.notOk(manifest.dependencies ?? manifest.peerDependencies, 'no dependencies in package.json');
  const esm = await bundle('esm');
  t.notMatch(esm, /\bimport\s*[\w{*"']|\brequire\(/, 'the ES module imports nothing');
  t.match(esm, /export\s*\{/, 'and exports its API');
});

t.test('the script-tag build defines PaymentCheckout, and tells KST as the result page does', async (t) => {
  const context: { PaymentCheckout?: Record<string, (...args: any[]) => unknown> } = {};
  vm.runInNewContext(await bundle('iife'), context);
  const kit = context.PaymentCheckout!;
  t.same(Object.keys(kit).sort(), ['kst', 'pay', 'status', 'watch', 'won']);
  for (const instant of ['2026-12-03T06:25:00.000Z', '2026-12-31T15:05:00.000Z', '2027-03-01T00:00:00.000Z']) {
    t.equal(kit.kst!(instant), serverKst(instant), instant);
  }
  t.equal(kit.won!(1290000), '1,290,000원');
});
