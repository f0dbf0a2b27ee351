// `npm test`: one PostgreSQL server for the whole run, a migrated template database on it, then tap.
// Each test file clones the template into a database of its own (test/helpers/database.ts).
import { spawn } from 'node:child_process';
import { createTemplate, startTestServer } from './test-database.js';

const server = await startTestServer();
let exitCode = 1;
try {
  process.stdout.write(`test database: ${server.source}\n`);
  await createTemplate(server.adminUrl);
  exitCode = await new Promise<number>((resolve) => {
    const tap = spawn('npx', ['tap', ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, PV_TEST_ADMIN_URL: server.adminUrl },
    });
    tap.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} finally {
  await server.stop();
}
process.exit(exitCode);
