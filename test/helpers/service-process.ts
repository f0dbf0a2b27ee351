// The service in a process of its own, for tests that kill it: `node --import tsx test/helpers/service-process.ts`
// with DATABASE_URL and IAMPORT_API_URL (the sandbox) in the environment. Prints the URL it listens on as one line.
import { buildApp } from '../../src/app.js';
import { connectDatabase } from '../../src/db/connect.js';
import { testConfig } from './app.js';
import { watchContract } from './contract-hook.js';

const { DATABASE_URL, IAMPORT_API_URL } = process.env;
if (!DATABASE_URL || !IAMPORT_API_URL) throw new Error('DATABASE_URL and IAMPORT_API_URL are required');

const config = testConfig({ IAMPORT_API_URL, IAMPORT_SANDBOX: 'true', DEMO_PAGE: 'false' });
const app = await buildApp({ config, database: connectDatabase(DATABASE_URL) });
// no test object here: a broken answer is said on stderr, which the test passes through
watchContract(app, (problem) => process.stderr.write(`contract: ${problem}\n`));
// the test holds our stdin: if it dies without its teardown, we go with it rather than linger
process.stdin.on('close', () => process.exit(1)).resume();
process.stdout.write(`${await app.listen({ port: 0, host: '127.0.0.1' })}\n`);
