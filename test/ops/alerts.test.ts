import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import YAML from 'yaml';
import { ensurePromtool, PROMTOOL } from '../helpers/promtool.js';

const OPS = new URL('../../ops/', import.meta.url);

interface Rule {
  alert: string;
  expr: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

interface UnitTest {
  name: string;
  alert_rule_test: Array<{ alertname: string; exp_alerts: unknown[] }>;
}

/** promtool's exit code and everything it printed (kept off this file's stdout, which is TAP). */
function promtool(args: string[], cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL, args, { cwd }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }));
  });
}

/** GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} -]/gu, '').replace(/ /g, '-');

t.test('the alert rules', async (t) => {
  await ensurePromtool();
  const rulesText = await readFile(new URL('prometheus/alerts.yml', OPS), 'utf8');
  const rules = (YAML.parse(rulesText) as { groups: Array<{ rules: Rule[] }> }).groups.flatMap((group) => group.rules);

  t.test('pass promtool check rules (syntax, templates, lint)', async (t) => {
    const checked = await promtool(['check', 'rules', fileURLPath('prometheus/alerts.yml')], os.tmpdir());
    t.equal(checked.code, 0, checked.output);
  });

  t.test('each fires when it should and stays quiet otherwise: promtool test rules', async (t) => {
    const tests = YAML.parse(await readFile(new URL('prometheus/alerts.test.yml', OPS), 'utf8')) as { tests: UnitTest[] };
    for (const name of new Set(rules.map((rule) => rule.alert))) {
      const cases = tests.tests.flatMap((test) => test.alert_rule_test).filter((test) => test.alertname === name);
      t.ok(cases.some((c) => c.exp_alerts.length > 0), `${name} is tested firing`);
      t.ok(cases.some((c) => c.exp_alerts.length === 0), `${name} is tested staying quiet`);
    }
    // the expectations are about when and with which labels, not wording: the rules are tested without annotations
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pv-alerts-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const bare = YAML.parse(rulesText) as { groups: Array<{ rules: Array<Partial<Rule>> }> };
    for (const group of bare.groups) for (const rule of group.rules) delete rule.annotations;
    await writeFile(path.join(dir, 'alerts.yml'), YAML.stringify(bare));
    await writeFile(path.join(dir, 'alerts.test.yml'), await readFile(new URL('prometheus/alerts.test.yml', OPS)));
    const run = await promtool(['test', 'rules', 'alerts.test.yml'], dir);
    t.equal(run.code, 0, run.output);
  });

  t.test("each links its section of ops/RUNBOOK.md, which says what to do", async (t) => {
    const runbook = await readFile(new URL('RUNBOOK.md', OPS), 'utf8');
    const sections = new Map(
      runbook.split(/^## /m).slice(1).map((section) => [anchor(section.split('\n')[0]!), section] as const),
    );
    for (const rule of rules) {
      const match = /^ops\/RUNBOOK\.md#(.+)$/.exec(rule.annotations.runbook_url ?? '');
      t.ok(match, `${rule.alert} has a runbook_url into ops/RUNBOOK.md`);
      const section = match && sections.get(match[1]!);
      t.ok(section, `${rule.alert}: RUNBOOK.md has the section #${match?.[1]}`);
      t.match(section ?? '', /\n\d\. /, `${rule.alert}: its section lists steps`);
    }
  });
});

function fileURLPath(relative: string): string {
  return new URL(relative, OPS).pathname;
}
