import { readFile } from 'node:fs/promises';
import { parser } from '@prometheus-io/lezer-promql';
import t, { type Test } from 'tap';
import YAML from 'yaml';
import { startTestApp, testConfig } from '../helpers/app.js';
import { freshDatabase } from '../helpers/database.js';

const OPS = new URL('../../ops/', import.meta.url);
/** Prometheus's own series about a scrape, not the service's */
const PROMETHEUS_SERIES = new Set(['up']);
/** The labels Prometheus adds to every series it scrapes */
const TARGET_LABELS = ['job', 'instance'];
/** The business metrics the dashboard must show (issue 14) */
const BUSINESS = [
  'payment_verifications_total', 'refunds_total', 'order_events_total', 'iamport_call_duration_seconds', 'webhook_to_commit_seconds',
  'outbox_backlog', 'outbox_oldest_undelivered_age_seconds', 'reconcile_passes_total', 'reconcile_orders_claimed_total', 'orders_needing_operator',
].map((name) => `payment_verifier_${name}`);

interface Selector {
  metric: string;
  labels: string[];
  /** label=value of each matcher, as written */
  matchers: string[];
}

/** Every series an expression selects, with the label names it matches on; throws on a PromQL syntax error. */
function selectors(expr: string): Selector[] {
  const promql = expr.replace(/\$__(rate_interval|interval|range)/g, '5m');
  const found: Selector[] = [];
  const tree = parser.parse(promql);
  tree.iterate({
    enter(node) {
      if (node.type.isError) throw new Error(`PromQL syntax error at ${node.from} in: ${promql}`);
      if (node.name !== 'VectorSelector') return;
      const metric = node.node.getChild('Identifier');
      const labels: string[] = [];
      const matchers: string[] = [];
      node.node.cursor().iterate((inner) => {
        if (inner.name === 'LabelName') labels.push(promql.slice(inner.from, inner.to));
        if (inner.name === 'UnquotedLabelMatcher' || inner.name === 'LabelMatcher') matchers.push(promql.slice(inner.from, inner.to).replace(/\s/g, ''));
      });
      found.push({ metric: metric ? promql.slice(metric.from, metric.to) : '', labels, matchers });
    },
  });
  return found;
}

function expressions(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(expressions);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, inner]) => (key === 'expr' && typeof inner === 'string' ? [inner] : expressions(inner)));
  }
  return [];
}

t.test('the dashboard and the alert rules use only what the service exports', async (t) => {
  const database = await freshDatabase(t);
  // with the sweeper on, its metrics are registered too
  const { app } = await startTestApp(t, database, testConfig({ RECONCILE_INTERVAL_MS: '600000' }));
  const exported = new Map<string, string[]>();
  for (const metric of await app.deps.metrics.getMetricsAsJSON()) {
    const labelNames = [...((app.deps.metrics.getSingleMetric(metric.name) as unknown as { labelNames?: string[] }).labelNames ?? [])];
    const type = String(metric.type);
    const series = type === 'histogram' ? ['_bucket', '_sum', '_count'] : type === 'summary' ? ['', '_sum', '_count'] : [''];
    for (const suffix of series) exported.set(metric.name + suffix, suffix === '_bucket' || type === 'summary' ? [...labelNames, 'le', 'quantile'] : labelNames);
  }

  const check = (t: Test, exprs: string[], allowed: Set<string>) => {
    t.ok(exprs.length > 0);
    for (const expr of exprs) {
      for (const { metric, labels } of selectors(expr)) {
        if (allowed.has(metric)) continue;
        t.ok(exported.has(metric), `${metric} is exported (${expr})`);
        const unknown = labels.filter((label) => !exported.get(metric)?.includes(label) && !TARGET_LABELS.includes(label));
        t.same(unknown, [], `${metric} has the labels ${expr} matches on`);
      }
    }
  };

  t.test('ops/grafana/dashboards/payment-verifier.json', async (t) => {
    const dashboard = JSON.parse(await readFile(new URL('grafana/dashboards/payment-verifier.json', OPS), 'utf8'));
    t.match(dashboard, { uid: 'payment-verifier', title: String, schemaVersion: Number, panels: Array });
    t.ok(dashboard.templating.list.some((v: { name: string; type: string }) => v.name === 'datasource' && v.type === 'datasource'));
    for (const name of TARGET_LABELS) {
      t.match(dashboard.templating.list.find((v: { name: string }) => v.name === name), { type: 'query', query: { query: /^label_values\(payment_verifier_/ } }, `a ${name} variable`);
    }
    for (const panel of dashboard.panels.filter((p: { type: string }) => p.type !== 'row')) {
      t.match(panel, { title: String, gridPos: { w: Number, h: Number }, datasource: { uid: '${datasource}' } }, panel.title);
    }
    const exprs = expressions(dashboard.panels);
    check(t, exprs, new Set());
    for (const expr of exprs) {
      for (const { metric, matchers } of selectors(expr)) {
        t.ok(matchers.includes('job=~"$job"') && matchers.includes('instance=~"$instance"'), `${metric} is selected by $job and $instance (${expr})`);
      }
    }
    const shown = new Set(exprs.flatMap((expr) => selectors(expr).map((s) => s.metric.replace(/_(bucket|sum|count)$/, ''))));
    t.same(BUSINESS.filter((name) => !shown.has(name)), [], 'every business metric is on the dashboard');
  });

  t.test('ops/prometheus/alerts.yml', async (t) => {
    const rules = YAML.parse(await readFile(new URL('prometheus/alerts.yml', OPS), 'utf8'));
    const all = rules.groups.flatMap((group: { rules: unknown[] }) => group.rules) as Array<{ alert: string; expr: string; for: string; labels: { severity: string }; annotations: { summary: string } }>;
    for (const rule of all) t.match(rule, { alert: String, expr: String, for: /^\d+[smh]$/, labels: { severity: /^(page|ticket)$/ }, annotations: { summary: String, runbook_url: String } }, rule.alert);
    t.same(
      ['RefundNeedsOperator', 'IamportErrors', 'OutboxBacklogGrowing', 'WebhooksFailing', 'SweeperStalled'].filter((name) => !all.some((rule) => rule.alert === name)),
      [],
      'what should wake someone',
    );
    check(t, all.map((rule) => rule.expr), PROMETHEUS_SERIES);
  });

  t.test('prometheus.yml loads the rules and scrapes the service', async (t) => {
    const config = YAML.parse(await readFile(new URL('prometheus/prometheus.yml', OPS), 'utf8'));
    t.same(config.rule_files, ['/etc/prometheus/alerts.yml']);
    t.match(config.scrape_configs, [{ job_name: 'payment-verifier', metrics_path: '/metrics' }]);
  });
});
