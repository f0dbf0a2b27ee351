// `npm run test:mutants [-- --runs N] [--only substring]`: plants each bug of scripts/mutants.ts in a copy of the code,
// one at a time, runs the model test against each PSP (side by side) and the plant's named tests against it, and prints
// whether each was caught. A plant that nothing catches makes the command fail. Not part of `npm test`: it runs the
// suite many times.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { PLANTS, type Plant } from './mutants.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '150' }, only: { type: 'string' }, seed: { type: 'string' } } });
const root = path.resolve(import.meta.dirname, '..');
const SKIPPED = new Set(['node_modules', '.git', '.data', '.test-db', '.tap', 'dist']);

/** The working tree without what is built or installed; node_modules is linked, not copied. */
function copyOfTheCode(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pv-mutant-'));
  cpSync(root, dir, { recursive: true, filter: (source) => !SKIPPED.has(path.basename(source)) || path.dirname(source) !== root });
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function plant(dir: string, { file, find, replace }: Plant): void {
  const target = path.join(dir, file);
  const source = readFileSync(target, 'utf8');
  const at = source.indexOf(find);
  if (at < 0 || source.indexOf(find, at + 1) >= 0) throw new Error(`${file}: the text to replace must occur exactly once: ${find}`);
  writeFileSync(target, source.slice(0, at) + replace + source.slice(at + find.length));
}

const LOGS = mkdtempSync(path.join(os.tmpdir(), 'pv-mutant-logs-'));
let runs = 0;

/**
 * Runs the given test files in `dir` on a fresh test database; resolves to whether they all passed. The output of a
 * run that failed is kept (its path printed), so a failure of the unplanted code can be replayed from its seed.
 */
function passes(dir: string, files: string[], env: Record<string, string> = {}): Promise<boolean> {
  const log = path.join(LOGS, `run-${(runs += 1)}.log`);
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', 'scripts/test.ts', '--timeout', '0', ...files], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      if (code !== 0) {
        writeFileSync(log, output);
        process.stdout.write(`[${files.join(' ')} failed: ${log}] `);
      }
      resolve(code === 0);
    });
  });
}

const PROVIDERS = ['iamport', 'portone'] as const;

interface Row {
  plant: string;
  /** whether the model test passed, by PSP */
  model: Record<(typeof PROVIDERS)[number], boolean>;
  named: boolean;
}

async function tryPlant(p: Plant | null): Promise<Row> {
  const dir = copyOfTheCode();
  try {
    if (p) plant(dir, p);
    const env: Record<string, string> = { MODEL_RUNS: values.runs!, ...(values.seed ? { MODEL_SEED: values.seed } : {}) };
    const [iamport, portone] = await Promise.all(PROVIDERS.map((provider) => passes(dir, [`test/model/settlement-${provider}.test.ts`], env)));
    const named = await passes(dir, p?.tests ?? PLANTS.flatMap((x) => x.tests).filter((f, i, all) => all.indexOf(f) === i));
    return { plant: p?.name ?? '(none: the code as it is)', model: { iamport: iamport!, portone: portone! }, named };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const mark = (passed: boolean, planted: boolean) => (planted ? (passed ? 'passed: MISSED' : 'failed: caught') : passed ? 'passed' : 'FAILED');

const selected = PLANTS.filter((p) => !values.only || p.name.includes(values.only));
const rows: Row[] = [];
for (const p of [null, ...selected]) {
  process.stdout.write(`${p?.name ?? 'control run, nothing planted'} … `);
  const row = await tryPlant(p);
  rows.push(row);
  const planted = p !== null;
  process.stdout.write(`model V1 ${mark(row.model.iamport, planted)}, model V2 ${mark(row.model.portone, planted)}, named ${mark(row.named, planted)}\n`);
}

const passedAll = (row: Row) => row.model.iamport && row.model.portone && row.named;
const width = Math.max(...rows.map((r) => r.plant.length));
const column = 16;
console.log(`\n${'plant'.padEnd(width)} | ${'model V1'.padEnd(column)} | ${'model V2'.padEnd(column)} | ${'named tests'.padEnd(column)} | caught`);
console.log(`${'-'.repeat(width)}-|-${'-'.repeat(column)}-|-${'-'.repeat(column)}-|-${'-'.repeat(column)}-|-------`);
const line = (row: Row, planted: boolean) =>
  [row.plant.padEnd(width), ...[row.model.iamport, row.model.portone, row.named].map((passed) => mark(passed, planted).padEnd(column)), planted ? (passedAll(row) ? 'NO' : 'yes') : '-'].join(' | ');
const [control, ...planted] = rows;
console.log(line(control!, false));
for (const row of planted) console.log(line(row, true));
console.log(`(model test: ${values.runs} histories per PSP)`);
const missed = planted.filter(passedAll);
const ok = passedAll(control!) && missed.length === 0;
console.log(ok ? `\nall ${planted.length} plants caught` : `\n${missed.length} plant(s) missed${passedAll(control!) ? '' : '; the unplanted code failed too'}`);
process.exit(ok ? 0 : 1);
