// `npm run bench`: loopback load phases of the money path, with the CPU each process tree spent per request.
// i'mport is the in-memory stand-in (bench/fake-iamport.mjs) unless BENCH_IAMPORT=sandbox. Progress on stderr, a
// markdown table on stdout, everything in bench/results/latest.json. Not part of `npm test`. See bench/README.md.
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cpuSeconds, machineTicks, peakRssMb } from './procstat.mjs';
import { PHASE_REPORT_HEADER, describePhase, watchPhase } from './phase-report.mjs';
import { summarize, toMarkdown } from './profile-summary.mjs';
import { API_KEY, ROOT, autovacuumRuns, countOrders, emptyOrders, fillOrdersTo, seedOrders, settle, startDatabase, startFakeIamport, startSandbox, startService, stop, stopAll, track } from './setup.mjs';

const env = process.env;
const SECONDS = Number(env.BENCH_SECONDS ?? 8);
const DURATION_MS = SECONDS * 1000;
const SIZES = (env.BENCH_SIZES ?? '10000,100000,1000000').split(',').filter(Boolean).map(Number).sort((a, b) => a - b);
const IAMPORT = env.BENCH_IAMPORT ?? 'fake';
const LATENCY_MS = Number(env.BENCH_IAMPORT_LATENCY_MS ?? 30);
const PACED_RATE = Number(env.BENCH_PACED_RATE ?? 300);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 50);
// the service's warm-up (its code gets optimised): this many verifications, or this long, whichever ends first
const WARMUP_REQUESTS = Number(env.BENCH_WARMUP_REQUESTS ?? 6000);
const WARMUP_MS = Math.min(Number(env.BENCH_WARMUP_SECONDS ?? 10), 60) * 1000;
const PROFILE = Boolean(env.BENCH_PROFILE && env.BENCH_PROFILE !== '0');
// orders seeded for a closed-loop phase: more than it can verify in BENCH_SECONDS (it is flagged if it runs out)
const PER_PHASE = Math.ceil(SECONDS * Number(env.BENCH_MAX_RPS ?? 2500));
const RESULTS = path.join(ROOT, 'bench/results');
if (!['fake', 'sandbox'].includes(IAMPORT)) throw new Error(`BENCH_IAMPORT must be fake or sandbox, not ${IAMPORT}`);
if (!(SECONDS > 0 && SECONDS <= 60)) throw new Error('BENCH_SECONDS must be between 0 and 60');

const log = (line) => process.stderr.write(`${line}\n`);
const round = (value, digits = 3) => (value === undefined || value === null || Number.isNaN(value) ? null : +value.toFixed(digits));

function load(spec) {
  return new Promise((resolve, reject) => {
    const child = track(spawn(process.execPath, [path.join(ROOT, 'bench/load.mjs'), JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    const killer = setTimeout(() => child.kill('SIGKILL'), spec.durationMs + 60_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      if (code !== 0) return reject(new Error(`load exited with ${code}: ${err.slice(-800)}`));
      resolve(JSON.parse(out.trim().split('\n').pop()));
    });
  });
}

/**
 * One measured phase: the load runs in its own process while the CPU of PostgreSQL's, the service's and i'mport's
 * process trees is read from /proc before and after; i'mport's call counters likewise.
 */
async function measure(ctx, { name, kind, connections, rate, orders, service = ctx.service, durationMs = DURATION_MS, extra = {}, watch = false }) {
  const roots = { pg: ctx.db.pid, service: service.pid, iamport: ctx.iamport.pid };
  const calls0 = await ctx.iamport.counters();
  const autovacuum0 = await autovacuumRuns(ctx.db.url);
  const watched = watch ? await watchPhase({ serviceUrl: service.url, servicePid: service.pid, databaseUrl: ctx.db.url }) : undefined;
  const machine0 = machineTicks();
  const cpu0 = cpuSeconds(roots);
  const started = process.hrtime.bigint();
  const result = await load({ url: service.url, kind, connections, rate, durationMs, orders, apiKey: API_KEY });
  const ended = process.hrtime.bigint();
  const cpu1 = cpuSeconds(roots);
  const machine1 = machineTicks();
  const calls1 = await ctx.iamport.counters();
  const phaseReport = await watched?.();
  const autovacuum1 = await autovacuumRuns(ctx.db.url);
  const per = (value) => (result.requests ? value / result.requests : null);
  const cpuMs = {
    pg: round(per((cpu1.pg - cpu0.pg) * 1000)),
    service: round(per((cpu1.service - cpu0.service) * 1000)),
    iamport: round(per((cpu1.iamport - cpu0.iamport) * 1000)),
    load: round(per(result.cpuSeconds * 1000)),
  };
  cpuMs.pgPlusService = round(cpuMs.pg + cpuMs.service);
  const callsPerRequest = {};
  for (const endpoint of new Set([...Object.keys(calls0), ...Object.keys(calls1)])) {
    const delta = (calls1[endpoint] ?? 0) - (calls0[endpoint] ?? 0);
    if (delta) callsPerRequest[endpoint] = round(per(delta), 4);
  }
  const row = {
    name,
    kind,
    load: rate ? `${rate}/s paced` : `${connections} conns`,
    ...extra,
    requests: result.requests,
    seconds: result.seconds,
    rps: result.rps,
    p50ms: result.p50ms,
    p99ms: result.p99ms,
    maxMs: result.maxMs,
    errors: result.errors,
    dropped: result.dropped,
    statuses: result.statuses,
    exhausted: result.exhausted,
    cpuMsPerRequest: cpuMs,
    iamportCallsPerRequest: callsPerRequest,
    // autovacuum/autoanalyze runs on the service's tables during the phase: their CPU is in pg's
    autovacuumRuns: autovacuum1 - autovacuum0,
    machineBusy: round(1 - (machine1.idle - machine0.idle) / (machine1.total - machine0.total)),
    serviceRssPeakMb: round(peakRssMb(service.pid), 1),
    phaseReport,
    window: { fromUs: Number(started / 1000n), toUs: Number(ended / 1000n) },
  };
  ctx.rows.push(row);
  log(
    `${name.padEnd(48)} ${row.load.padStart(11)} ${String(row.rps).padStart(7)} req/s  p50 ${row.p50ms} ms  p99 ${row.p99ms} ms  errors ${row.errors}` +
      `  CPU ms/req pg ${cpuMs.pg} service ${cpuMs.service} i'mport ${cpuMs.iamport} load ${cpuMs.load}${row.exhausted ? '  (ran out of orders)' : ''}`,
  );
  return row;
}

const verify = (ctx, name, orders, extra) => measure(ctx, { name, kind: 'complete', connections: CONNECTIONS, orders, extra, watch: true });
/** the orders a phase sent (they were applied then): the first `requests` of its seeded range */
const appliedBy = (row, orders) => ({ ...orders, count: Math.min(row.requests, orders.count), cycle: true });

/** Verifications until the service's code is optimised; not measured. Its orders stay in the table. */
async function warmUp(ctx, service, requests = WARMUP_REQUESTS) {
  ctx.warmUps = (ctx.warmUps ?? 0) + 1;
  const [warm] = Object.values(await seedAndSettle(ctx, [[`warm${ctx.warmUps}`, requests]]));
  const result = await load({ url: service.url, kind: 'complete', connections: CONNECTIONS, durationMs: WARMUP_MS, orders: warm });
  await settle(ctx.db.url);
  log(`warm-up: ${result.requests} verifications in ${result.seconds} s, ${result.errors} errors`);
}

async function seedAndSettle(ctx, list) {
  const seeded = {};
  for (const [key, count] of list) seeded[key] = await seedOrders(ctx.db.url, ctx.iamport, `${key}_`, count);
  await settle(ctx.db.url);
  return seeded;
}

async function tableSizePhases(ctx) {
  for (const size of SIZES) {
    // as many payable orders as the phase may need and the size leaves room for; settled fillers make up the rest
    const room = size - (await countOrders(ctx.db.url));
    if (room <= 0) {
      log(`skipping ${size.toLocaleString('en')} orders: the table already holds more`);
      continue;
    }
    const orders = await seedOrders(ctx.db.url, ctx.iamport, `n${size}_`, Math.min(PER_PHASE, room));
    await fillOrdersTo(ctx.db.url, size);
    await settle(ctx.db.url);
    const inTable = await countOrders(ctx.db.url);
    await verify(ctx, `first verification, ${size.toLocaleString('en')} orders in the table`, orders, { phase: 'size', size, ordersInTable: inTable });
  }
}

async function mainPhases(ctx) {
  const pacedCount = Math.ceil(PACED_RATE * SECONDS) + 100;
  const latency = LATENCY_MS > 0 && ctx.iamport.setLatency;
  const seeded = await seedAndSettle(ctx, [['v0', PER_PHASE], ...(latency ? [['vlat', PER_PHASE]] : []), ['paced', pacedCount]]);
  const inTable = await countOrders(ctx.db.url);
  const first = await verify(ctx, "first verification (i'mport 0 ms)", seeded.v0, { phase: 'first', iamportLatencyMs: 0, ordersInTable: inTable });
  if (first.requests > 0) {
    const applied = appliedBy(first, seeded.v0);
    await measure(ctx, { name: 'repeated callback (already applied)', kind: 'complete', connections: CONNECTIONS, orders: applied, extra: { phase: 'repeatCallback' } });
    await measure(ctx, { name: 'repeated webhook (already applied)', kind: 'webhook', connections: CONNECTIONS, orders: applied, extra: { phase: 'repeatWebhook' } });
  }
  if (latency) {
    await ctx.iamport.setLatency(LATENCY_MS);
    try {
      await verify(ctx, `first verification (i'mport ${LATENCY_MS} ms)`, seeded.vlat, { phase: 'firstLatency', iamportLatencyMs: LATENCY_MS });
    } finally {
      await ctx.iamport.setLatency(0);
    }
  }
  await measure(ctx, { name: `first verification paced ${PACED_RATE}/s`, kind: 'complete', rate: PACED_RATE, orders: seeded.paced, extra: { phase: 'paced' } });
  await measure(ctx, { name: 'order creation POST /orders (with prepare)', kind: 'order', connections: CONNECTIONS, extra: { phase: 'orders' } });
}

/** A second service instance under --cpu-prof, so the profiler never weighs on the phases above. */
async function profilePhase(ctx) {
  const dir = path.join(RESULTS, `profile-${new Date().toISOString().replace(/[:.]/g, '-')}`);
  await mkdir(dir, { recursive: true });
  const seeded = await seedAndSettle(ctx, [['prof', PER_PHASE]]);
  const service = await startService(ctx.db.url, ctx.iamport, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  let row;
  try {
    await warmUp(ctx, service);
    row = await measure(ctx, { name: "first verification, profiled (i'mport 0 ms)", kind: 'complete', connections: CONNECTIONS, orders: seeded.prof, service, extra: { phase: 'profiled' } });
  } finally {
    await stop(service.child); // the profile is written as the process exits
  }
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  const { readFile } = await import('node:fs/promises');
  const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8'));
  const summary = summarize(profile, { ...row.window, requests: row.requests, top: 25 });
  const markdown = toMarkdown(summary);
  await writeFile(path.join(dir, 'summary.md'), `${markdown}\n`);
  return { file: path.relative(ROOT, path.join(dir, file)), window: row.window, requests: row.requests, ...summary, markdown };
}

const ratio = (a, b) => (a !== null && b ? round(a / b, 2) : null);

function report(summary) {
  const { rows } = summary;
  const cell = (value) => (value === null || value === undefined ? '–' : String(value));
  const lines = [
    `## npm run bench — ${summary.date}`,
    '',
    `${summary.cores} cores (${summary.cpu}), Node ${summary.node}, i'mport: ${summary.iamport === 'fake' ? 'in-memory stand-in' : 'built-in sandbox (on the same PostgreSQL)'}, ${summary.seconds} s per phase.`,
    '',
    "| phase | load | req/s | p50 ms | p99 ms | errors | CPU ms/req: pg | service | pg + service | i'mport | load | i'mport calls/req |",
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => {
      const c = r.cpuMsPerRequest;
      // getToken and payments.get always, for verifications; any other endpoint when it was called
      const calls = { ...(r.kind === 'order' ? {} : { getToken: 0, 'payments.get': 0 }), ...r.iamportCallsPerRequest };
      const callText = Object.entries(calls).map(([endpoint, n]) => `${endpoint} ${n}`).join(', ') || '0';
      return `| ${r.name}${r.exhausted ? ' (ran out of orders)' : ''} | ${r.load} | ${r.rps} | ${r.p50ms} | ${r.p99ms} | ${r.errors} | ${cell(c.pg)} | ${cell(c.service)} | ${cell(c.pgPlusService)} | ${cell(c.iamport)} | ${cell(c.load)} | ${callText} |`;
    }),
    '',
  ];
  const r = summary.ratios;
  if (r.repeatCallback) lines.push(`- repeated callback: ${r.repeatCallback.cpuMs} ms pg + service per request = ${r.repeatCallback.ofFirst} × a first verification's ${r.firstCpuMs} ms (target ≤ 0.33)`);
  if (r.repeatWebhook) lines.push(`- repeated webhook: ${r.repeatWebhook.cpuMs} ms pg + service per request = ${r.repeatWebhook.ofFirst} × a first verification's (target ≤ 0.33)`);
  if (r.callsPerVerification) lines.push(`- i'mport calls per first verification: ${Object.entries(r.callsPerVerification).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (r.tableSize) lines.push(`- table size ${r.tableSize.from.toLocaleString('en')} → ${r.tableSize.to.toLocaleString('en')} orders: p99 ${r.tableSize.p99ms.join(' → ')} ms (× ${r.tableSize.p99Growth}), req/s ${r.tableSize.rps.join(' → ')}`);
  lines.push(`- service peak RSS (VmHWM): ${summary.serviceRssPeakMb} MB`);
  const watched = rows.filter((r) => r.phaseReport);
  if (watched.length) lines.push('', "### Where a verification's time goes (phase report)", '', ...PHASE_REPORT_HEADER, ...watched.map((r) => describePhase(r.name, r.phaseReport)));
  if (summary.profile) lines.push('', "### Where a verification's time goes (service, profiled phase)", '', summary.profile.markdown);
  return lines.join('\n');
}

function ratios(rows) {
  const phase = (name) => rows.find((r) => r.phase === name);
  const first = phase('first');
  const firstCpu = first?.cpuMsPerRequest.pgPlusService ?? null;
  const out = { firstCpuMs: firstCpu };
  for (const name of ['repeatCallback', 'repeatWebhook']) {
    const row = phase(name);
    if (row) out[name] = { cpuMs: row.cpuMsPerRequest.pgPlusService, ofFirst: ratio(row.cpuMsPerRequest.pgPlusService, firstCpu), serviceOfFirst: ratio(row.cpuMsPerRequest.service, first.cpuMsPerRequest.service), pgOfFirst: ratio(row.cpuMsPerRequest.pg, first.cpuMsPerRequest.pg) };
  }
  if (first) out.callsPerVerification = first.iamportCallsPerRequest;
  const sizes = rows.filter((r) => r.phase === 'size');
  if (sizes.length > 1) {
    const [a, b] = [sizes[0], sizes.at(-1)];
    out.tableSize = { from: a.size, to: b.size, p99ms: sizes.map((s) => s.p99ms), rps: sizes.map((s) => s.rps), p99Growth: ratio(b.p99ms, a.p99ms), rpsRatio: ratio(b.rps, a.rps) };
  }
  return out;
}

const ctx = { rows: [] };
let interrupted = false;
let stopped;
const shutdown = () =>
  (stopped ??= (async () => {
    await stopAll();
    await ctx.db?.stop().catch(() => {});
  })());
process.on('SIGINT', () => {
  if (interrupted) return;
  interrupted = true;
  log('interrupted: stopping what the bench started');
  shutdown().then(() => process.exit(130));
});

try {
  log(`bench: i'mport ${IAMPORT}, ${SECONDS} s per phase, sizes ${SIZES.join(', ') || 'none'}, ${CONNECTIONS} connections, paced ${PACED_RATE}/s, latency phase ${LATENCY_MS} ms`);
  ctx.db = await startDatabase();
  ctx.iamport = IAMPORT === 'sandbox' ? await startSandbox(ctx.db.url) : await startFakeIamport();
  if (IAMPORT === 'sandbox' && LATENCY_MS > 0) log("BENCH_IAMPORT=sandbox: the sandbox has no latency knob, the latency phase is skipped");
  ctx.service = await startService(ctx.db.url, ctx.iamport);
  await warmUp(ctx, ctx.service);
  // the table-size phases start from an empty table; a first phase on tables emptied just before cost PostgreSQL
  // a third more per verification than the next one, so a few verifications and a settle come first
  await emptyOrders(ctx.db.url);
  await warmUp(ctx, ctx.service, 1000);

  await tableSizePhases(ctx);
  await mainPhases(ctx);
  const serviceRssPeakMb = round(peakRssMb(ctx.service.pid), 1);
  const profile = PROFILE ? await profilePhase(ctx) : undefined;
  const summary = {
    date: new Date().toISOString(),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    node: process.version,
    iamport: IAMPORT,
    seconds: SECONDS,
    connections: CONNECTIONS,
    iamportLatencyMs: IAMPORT === 'fake' ? LATENCY_MS : null,
    pacedRate: PACED_RATE,
    synchronousCommit: env.BENCH_SYNCHRONOUS_COMMIT === 'off' ? 'off' : 'on',
    serviceRssPeakMb,
    ratios: ratios(ctx.rows),
    rows: ctx.rows,
    profile,
  };
  await mkdir(RESULTS, { recursive: true });
  await writeFile(path.join(RESULTS, 'latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(report(summary));
  log(`details: ${path.relative(process.cwd(), path.join(RESULTS, 'latest.json'))}`);
} catch (error) {
  if (!interrupted) throw error; // else: the phase failed because its processes were stopped
} finally {
  await shutdown();
}
