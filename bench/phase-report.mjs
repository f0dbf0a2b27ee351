// Where a verification's time goes during one phase: the service's own timings (/metrics, read before and after the
// phase) and what its PostgreSQL backends were doing (pg_stat_activity, sampled every SAMPLE_MS on a connection of
// the bench's own). See bench/README.md, "Phase report".
import pg from 'pg';
import { mainThreadRunDelayMs } from './procstat.mjs';

const SAMPLE_MS = 20;
const PREFIX = 'payment_verifier_';

/** Prometheus text as a map of `name{labels}` → value. */
async function scrape(serviceUrl) {
  const text = await (await fetch(`${serviceUrl}/metrics`)).text();
  const values = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith(PREFIX)) continue;
    const at = line.lastIndexOf(' ');
    values.set(line.slice(PREFIX.length, at), Number(line.slice(at + 1)));
  }
  return values;
}

/** Mean milliseconds of a histogram's series between two scrapes. */
function meanMs(before, after, series) {
  const delta = (suffix) => (after.get(`${series.name}_${suffix}${series.labels}`) ?? 0) - (before.get(`${series.name}_${suffix}${series.labels}`) ?? 0);
  const count = delta('count');
  return count ? +((delta('sum') / count) * 1000).toFixed(2) : null;
}

/** What the service's backends were doing, sampled: mean backends per state and per wait (CPU when none). */
function sampleBackends(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'bench-sampler' });
  const tally = { samples: 0, noneIdle: 0, states: {}, waits: {} };
  let timer;
  const sample = async () => {
    const { rows } = await client.query(
      "SELECT state, wait_event_type, wait_event FROM pg_stat_activity WHERE application_name = 'payment-verifier' AND backend_type = 'client backend'",
    );
    tally.samples += 1;
    if (!rows.some((row) => row.state === 'idle')) tally.noneIdle += 1;
    for (const row of rows) {
      tally.states[row.state] = (tally.states[row.state] ?? 0) + 1;
      if (row.state === 'active') {
        const wait = row.wait_event_type ? `${row.wait_event_type}:${row.wait_event}` : 'CPU';
        tally.waits[wait] = (tally.waits[wait] ?? 0) + 1;
      }
    }
  };
  const started = client.connect().then(() => {
    const loop = () => (timer = setTimeout(() => sample().then(loop, loop), SAMPLE_MS));
    loop();
  });
  return async () => {
    await started;
    clearTimeout(timer);
    await client.end();
    const mean = (counts) => Object.fromEntries(Object.entries(counts).sort(([, a], [, b]) => b - a).map(([key, n]) => [key, +(n / tally.samples).toFixed(2)]));
    return { samples: tally.samples, backends: mean(tally.states), activeBy: mean(tally.waits), noneIdleShare: tally.samples ? +(tally.noneIdle / tally.samples).toFixed(3) : null };
  };
}

/** Starts watching; the returned function ends the watch and resolves to the report of the span in between. */
export async function watchPhase({ serviceUrl, servicePid, databaseUrl }) {
  const before = await scrape(serviceUrl); // also starts the event loop's windows (utilisation, delay) afresh
  const stopSampling = sampleBackends(databaseUrl);
  const delay0 = mainThreadRunDelayMs(servicePid);
  const started = performance.now();
  return async () => {
    const waitedForCpu = (mainThreadRunDelayMs(servicePid) - delay0) / (performance.now() - started);
    const after = await scrape(serviceUrl);
    const database = await stopSampling();
    const phase = (name) => meanMs(before, after, { name: 'verification_phase_seconds', labels: `{phase="${name}"}` });
    return {
      eventLoop: {
        utilization: +(after.get('nodejs_eventloop_utilization_ratio') ?? NaN).toFixed(3),
        delayP50Ms: +((after.get('nodejs_eventloop_lag_p50_seconds') ?? NaN) * 1000).toFixed(2),
        delayP99Ms: +((after.get('nodejs_eventloop_lag_p99_seconds') ?? NaN) * 1000).toFixed(2),
        waitedForCpu: +waitedForCpu.toFixed(3),
      },
      verificationMs: { read: phase('read'), psp: phase('psp'), apply: phase('apply') },
      database,
    };
  };
}

/** One line of markdown for a phase's report. */
export function describePhase(name, report) {
  const { eventLoop: loop, verificationMs: ms, database: db } = report;
  const waits = Object.entries(db.activeBy).map(([wait, n]) => `${wait} ${n}`).join(', ');
  return (
    `| ${name} | ${loop.utilization} | ${loop.waitedForCpu} | ${loop.delayP50Ms} / ${loop.delayP99Ms} | ${ms.read} | ${ms.psp} | ${ms.apply} | ` +
    `${db.backends.active ?? 0} (${waits || 'none'}) | ${db.backends.idle ?? 0} | ${db.backends['idle in transaction'] ?? 0} | ${(db.noneIdleShare * 100).toFixed(1)} % |`
  );
}

export const PHASE_REPORT_HEADER = [
  '| phase | event loop busy | main thread runnable, no CPU | loop delay p50 / p99 ms (10 ms timer) | read ms | PSP ms | apply ms | service backends active (by wait; CPU: none) | idle | idle in transaction | samples with no idle backend (pool may queue) |',
  '|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|',
];
