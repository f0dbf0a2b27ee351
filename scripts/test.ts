// `npm test`: one PostgreSQL server for the whole run, a migrated template database on it, then tap.
// Each test file clones the template into a database of its own (test/helpers/database.ts).
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { createTemplate, startTestServer } from './test-database.js';

/** Runs tap with these arguments on a fresh test database server; resolves to tap's exit code. */
export async function runTests(tapArgs: string[], env: Record<string, string> = {}): Promise<number> {
  const server = await startTestServer();
  try {
    process.stdout.write(`test database: ${server.source}\n`);
    await createTemplate(server.adminUrl);
    return await new Promise<number>((resolve) => {
      const tap = spawn('npx', ['tap', ...tapArgs], {
        stdio: 'inherit',
        env: { ...process.env, ...env, PV_TEST_ADMIN_URL: server.adminUrl },
      });
      tap.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) process.exit(await runTests(process.argv.slice(2)));
