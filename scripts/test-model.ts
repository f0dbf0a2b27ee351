// `npm run test:model -- --runs N [--seed S]`: the settlement core's model-based test, for as long as you like.
import { parseArgs } from 'node:util';
import { runTests } from './test.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' } } });
const env: Record<string, string> = { MODEL_RUNS: values.runs };
if (values.seed) env.MODEL_SEED = values.seed;
process.exit(await runTests(['--timeout', '0', 'test/model/settlement.test.ts'], env));
