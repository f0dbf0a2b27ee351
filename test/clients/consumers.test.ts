import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { TEST_API_KEY } from '../helpers/app.js';
import { startService } from '../helpers/service.js';

/**
 * The client as a shop's project gets it: the package `npm pack` makes (offline: no registry is asked), unpacked into
 * small projects of each kind, with its dependencies where an install would put them; compiled with their own
 * tsconfig, then run against the service.
 */

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');

const TYPED = `
import { createPaymentVerifierClient, PaymentVerifierError, type CreateOrderRequest, type OrderEvent } from '@payment-verifier/client';

function describe(event: OrderEvent): string {
  // narrowed on type: a payment event's data has its payment
  if (event.type === 'payment.refund_failed') return \`refund of \${event.data.payment.imp_uid} failed\`;
  return event.type;
}
// @ts-expect-error event ids are strings (this line fails to compile if the types did not resolve)
export const wrong: number = ({} as OrderEvent).id;

async function main(): Promise<void> {
  const pv = createPaymentVerifierClient({ baseUrl: process.env.PV_URL!, apiKey: process.env.PV_KEY! });
  const request: CreateOrderRequest = { amount: 1200, name: 'consumer' };
  const order = await pv.createOrder(request);
  const events = (await pv.listEvents({ after: '0' })).items.map(describe);
  const missing = await pv.getOrder('ord_missing').then(() => 'found', (error: unknown) => (error instanceof PaymentVerifierError ? error.code : 'other'));
  console.log(JSON.stringify({ status: order.status, events, missing }));
}
void main();
`;

const UNTYPED = (load: string) => `${load}
const pv = createPaymentVerifierClient({ baseUrl: process.env.PV_URL, apiKey: process.env.PV_KEY });
pv.createOrder({ amount: 1200, name: 'consumer' })
  .then(async (order) => {
    const events = (await pv.listEvents({ after: '0' })).items.map((event) => event.type);
    const missing = await pv.getOrder('ord_missing').then(() => 'found', (error) => (error instanceof PaymentVerifierError ? error.code : 'other'));
    console.log(JSON.stringify({ status: order.status, events, missing }));
  });
`;

interface Project {
  type: 'module' | 'commonjs';
  /** compilerOptions, or none for plain JavaScript */
  compilerOptions?: Record<string, unknown>;
  file: string;
  source: string;
}

const common = { strict: true, target: 'ES2022', types: ['node'], skipLibCheck: false, outDir: 'out', rootDir: 'src' };

const PROJECTS: Record<string, Project> = {
  'TypeScript, ESM, moduleResolution node16': { type: 'module', compilerOptions: { ...common, module: 'node16', moduleResolution: 'node16' }, file: 'src/index.ts', source: TYPED },
  'TypeScript, CommonJS, moduleResolution node16': { type: 'commonjs', compilerOptions: { ...common, module: 'node16', moduleResolution: 'node16' }, file: 'src/index.ts', source: TYPED },
  'TypeScript, moduleResolution bundler': { type: 'module', compilerOptions: { ...common, module: 'esnext', moduleResolution: 'bundler' }, file: 'src/index.ts', source: TYPED },
  'TypeScript, CommonJS, moduleResolution node (node10)': {
    type: 'commonjs',
    compilerOptions: { ...common, module: 'commonjs', moduleResolution: 'node', esModuleInterop: true },
    file: 'src/index.ts',
    source: TYPED,
  },
  'JavaScript, ESM (import)': { type: 'module', file: 'out/index.js', source: UNTYPED("import { createPaymentVerifierClient, PaymentVerifierError } from '@payment-verifier/client';") },
  'JavaScript, CommonJS (require)': { type: 'commonjs', file: 'out/index.js', source: UNTYPED("const { createPaymentVerifierClient, PaymentVerifierError } = require('@payment-verifier/client');") },
};

/** node_modules as `npm install <tarball>` lays it out: the package itself, its dependencies, and @types/node. */
async function install(project: string, tarball: string): Promise<void> {
  const modules = join(project, 'node_modules');
  const packageDir = join(modules, '@payment-verifier', 'client');
  await mkdir(packageDir, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
  for (const dependency of ['openapi-fetch', 'standardwebhooks', '@stablelib/base64', 'fast-sha256', '@types/node', 'undici-types']) {
    await mkdir(dirname(join(modules, dependency)), { recursive: true });
    await symlink(join(ROOT, 'node_modules', dependency), join(modules, dependency));
  }
}

t.test('the packed client compiles and runs in ESM, CommonJS and TypeScript projects (node16, bundler, node10)', async (t) => {
  const work = await mkdtemp(join(tmpdir(), 'pv-consumers-'));
  t.teardown(() => rm(work, { recursive: true, force: true }));
  // the client was built by `npm test` before any test ran; packing it again must not rebuild (nor ask a registry)
  await run('npm', ['pack', '-w', '@payment-verifier/client', '--pack-destination', work, '--ignore-scripts', '--offline'], { cwd: ROOT });
  const [tarball] = (await readdir(work)).filter((name) => name.endsWith('.tgz'));
  const service = await startService(t);
  const env = { ...process.env, PV_URL: service.url, PV_KEY: TEST_API_KEY };

  for (const [name, project] of Object.entries(PROJECTS)) {
    const dir = join(work, name.replace(/\W+/g, '-'));
    await mkdir(join(dir, 'src'), { recursive: true });
    await mkdir(join(dir, 'out'), { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'shop-service', private: true, type: project.type }));
    await writeFile(join(dir, project.file), project.source);
    await install(dir, join(work, tarball!));
    if (project.compilerOptions) {
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: project.compilerOptions, include: ['src'] }));
      const compiled = await run(process.execPath, [TSC, '-p', dir]).then(() => '', (error: { stdout: string }) => error.stdout);
      t.equal(compiled, '', `${name}: compiles`);
    }
    const output = await run(process.execPath, [join(dir, 'out', 'index.js')], { cwd: dir, env }).then(({ stdout }) => stdout, (error: Error) => error.message);
    const result = JSON.parse(output.trim() || 'null') as { status: string; events: string[]; missing: string } | null;
    t.match(result, { status: 'pending', missing: 'not_found' }, `${name}: runs (${output.trim()})`);
    t.ok(result?.events.includes('order.created'), `${name}: reads the event feed`);
  }
});
