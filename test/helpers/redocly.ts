import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
// no telemetry and no update check: the lint must not reach the network (CI has none but the npm registry)
const OFFLINE = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

export interface Problem {
  ruleId: string;
  severity: string;
  message: string;
  location: Array<{ pointer: string }>;
}

/**
 * Redocly CLI's lint of a document (YAML or JSON text): with the project's redocly.yaml (recommended and stricter), or
 * with `recommended` alone.
 */
export async function lint(document: string, rules: 'project' | 'recommended' = 'project'): Promise<Problem[]> {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.yaml');
    await writeFile(file, document);
    const config = rules === 'project' ? join(ROOT, 'redocly.yaml') : join(dir, 'redocly.yaml');
    if (rules === 'recommended') await writeFile(config, 'extends:\n  - recommended\ntelemetry: off\n');
    const args = [REDOCLY, 'lint', file, '--config', config, '--format', 'json'];
    const stdout = await new Promise<string>((resolve) => {
      // exit code 1 means problems were found: the JSON on stdout says which
      execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...OFFLINE } }, (_error, out) => resolve(out));
    });
    return (JSON.parse(stdout) as { problems: Problem[] }).problems;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const describeProblem = (problem: Problem) => `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`;
