// `npm run test:model -- --runs N [--seed S] [--provider iamport|portone]`: the settlement core's model-based test, for
// as long as you like, against each PSP (or the one named).
import { parseArgs } from 'node:util';
import { runTests } from './test.js';

const PROVIDERS = ['iamport', 'portone'];
const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' }, provider: { type: 'string' } } });
if (values.provider && !PROVIDERS.includes(values.provider)) {
  console.error(`--provider: one of ${PROVIDERS.join(', ')}`);
  process.exit(2);
}
const env: Record<string, string> = { MODEL_RUNS: values.runs };
if (values.seed) env.MODEL_SEED = values.seed;
const files = (values.provider ? [values.provider] : PROVIDERS).map((provider) => `test/model/settlement-${provider}.test.ts`);
process.exit(await runTests(['--timeout', '0', ...files], env));
