// `npm test`: one PostgreSQL server for the whole run, a migrated template database on it, then tap.
// Each test file clones the template into a database of its own (test/helpers/database.ts).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTemplate, startTestServer } from './test-database.js';

/** A folder stands for the test files under it (tap itself takes files only: `npm test -- test/settlement`). */
function expandFolders(args: string[]): string[] {
  return args.flatMap((arg) => {
    if (arg.startsWith('-') || !statSync(arg, { throwIfNoEntry: false })?.isDirectory()) return [arg];
    const files = readdirSync(arg, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.test.ts'));
    return files.sort().map((file) => path.join(arg, file));
  });
}

/** Runs tap with these arguments on a fresh test database server; resolves to tap's exit code. */
export async function runTests(tapArgs: string[], env: Record<string, string> = {}): Promise<number> {
  const server = await startTestServer();
  try {
    process.stdout.write(`test database: ${server.source}\n`);
    await createTemplate(server.adminUrl);
    return await new Promise<number>((resolve) => {
      const tap = spawn('npx', ['tap', ...expandFolders(tapArgs)], {
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
