import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { z } from 'zod';
import { openapiDocument } from '../../src/openapi/document.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
// no telemetry and no update check: the lint must not reach the network (CI has none but the npm registry)
const OFFLINE = { REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

interface Problem {
  ruleId: string;
  severity: string;
  message: string;
  location: Array<{ pointer: string }>;
}

/** Redocly CLI's lint of a document, with the rules of the project's redocly.yaml. */
async function lint(yaml: string): Promise<Problem[]> {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.yaml');
    await writeFile(file, yaml);
    const args = [REDOCLY, 'lint', file, '--config', join(ROOT, 'redocly.yaml'), '--format', 'json'];
    const stdout = await new Promise<string>((resolve) => {
      // exit code 1 means problems were found: the JSON on stdout says which
      execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...OFFLINE } }, (_error, out) => resolve(out));
    });
    return (JSON.parse(stdout) as { problems: Problem[] }).problems;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const describeProblem = (problem: Problem) => `${problem.severity} ${problem.ruleId} at ${problem.location[0]?.pointer}: ${problem.message}`;

t.test("the OpenAPI document passes redocly.yaml's rules (recommended and stricter) with no error and no warning", async (t) => {
  const problems = await lint(await openapiDocument());
  t.same(problems.map(describeProblem), []);
});

t.test('a route added without an operationId, summary, security, tag or example fails the lint', async (t) => {
  const document = await openapiDocument((app) => {
    app.get('/console/undocumented', { schema: { response: { 200: z.object({ count: z.number() }) } } }, async () => ({ count: 1 }));
    app.post('/console/schemaless', async () => ({ done: true }));
  });
  const problems = await lint(document);
  for (const path of ['/console/undocumented', '/console/schemaless']) {
    const own = problems.filter((problem) => problem.location[0]?.pointer.includes(path.replaceAll('/', '~1')));
    for (const rule of ['operation-operationId', 'operation-summary', 'security-defined', 'rule/operation-tags', 'contract/operation-example']) {
      t.ok(own.some((problem) => problem.ruleId === rule && problem.severity === 'error'), `${rule} reports ${path} as an error`);
    }
  }
});
