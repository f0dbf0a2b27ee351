// `npm run bench`: loopback load tests of the money path, with a baseline and a ceiling in the same run.
// Results go to stdout as a markdown table and to bench/results/latest.json. Not part of `npm test`.
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { runLoad } from './load.mjs';
import { runSqlCeiling } from './ceiling.mjs';
import { API_KEY, fillOrdersTo, peakRssMb, seedPaidOrders, settle, startBaseline, startDatabase, startService, startSandbox } from './setup.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const DURATION = SECONDS * 1000;
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const json = { 'content-type': 'application/json' };
const rows = [];
const record = (name, result, extra = {}) => {
  const row = { name, ...result, ...extra };
  rows.push(row);
  console.error(`${name.padEnd(44)} c=${String(result.connections).padStart(3)} ${result.rps.toFixed(0).padStart(6)} req/s  p50 ${result.p50ms.toFixed(1)} ms  p99 ${result.p99ms.toFixed(1)} ms  errors ${result.errors}`);
  return row;
};

function queue(items, toRequest) {
  let i = 0;
  return () => (i < items.length ? toRequest(items[i++]) : undefined);
}
const completeRequest = (item) => ({ method: 'POST', path: '/payments/complete', headers: json, body: JSON.stringify(item) });

async function counters(sandboxUrl) {
  return (await fetch(`${sandboxUrl}/__control/counters`)).json();
}

async function verifyPhase(service, sandbox, items, connections, label = 'verify: POST /payments/complete') {
  const before = await counters(sandbox.url);
  const result = await runLoad({ url: service.url, connections, durationMs: DURATION, nextRequest: queue(items, completeRequest), expectStatus: [200] });
  const after = await counters(sandbox.url);
  const perVerify = (key) => ((after[key] ?? 0) - (before[key] ?? 0)) / Math.max(result.requests, 1);
  return record(label, result, { iamportGetsPerVerify: perVerify('payments.get'), tokensPerVerify: perVerify('getToken') });
}

const db = await startDatabase();
const sandbox = await startSandbox(db.url, 3901);
const service = await startService(db.url, sandbox.url, 3902);
const baseline = await startBaseline(db.url, sandbox.url);
try {
  // everything is seeded before anything is measured, then settled, so no phase pays for another's bulk insert
  const seeded = {};
  for (const [name, count] of [['v10', 20_000], ['v50', 40_000], ['v200', 60_000], ['w', 20_000], ['b', 40_000], ['s', 60_000], ['warm', 5_000]]) {
    seeded[name] = await seedPaidOrders(db.url, `${name}_`, count);
  }
  await settle(db.url);
  await runLoad({ url: service.url, connections: 20, durationMs: 3000, nextRequest: queue(seeded.warm, completeRequest) });
  for (const c of [10, 50, 200]) await verifyPhase(service, sandbox, seeded[`v${c}`], c);

  const hooks = seeded.w;
  const deliveries = hooks.flatMap((item) => Array.from({ length: 10 }, () => ({ ...item, status: 'paid' })));
  record('webhook intake (10 duplicates per payment)', await runLoad({ url: service.url, connections: 50, durationMs: DURATION, nextRequest: queue(deliveries, (b) => ({ method: 'POST', path: '/webhooks/iamport', headers: json, body: JSON.stringify(b) })), expectStatus: [200] }));

  record('order creation: POST /orders (with prepare)', await runLoad({ url: service.url, connections: 50, durationMs: DURATION, nextRequest: () => ({ method: 'POST', path: '/orders', headers: { ...json, authorization: `Bearer ${API_KEY}` }, body: '{"amount":15000,"name":"bench"}' }), expectStatus: [201] }));

  const baseItems = seeded.b;
  record('baseline: sample-code verify (token per call, no keep-alive)', await runLoad({ url: baseline.url, connections: 50, durationMs: DURATION, nextRequest: queue(baseItems, completeRequest), expectStatus: [200] }));

  const sqlItems = seeded.s;
  record('ceiling: verify SQL from a plain pg pool', await runSqlCeiling({ databaseUrl: db.url, connections: 50, durationMs: DURATION, items: sqlItems }));

  const token = (await (await fetch(`${sandbox.url}/users/getToken`, { method: 'POST', headers: json, body: JSON.stringify({ imp_key: 'sandbox_imp_key', imp_secret: 'sandbox_imp_secret' }) })).json()).response.access_token;
  const probe = sqlItems.slice(0, 1000);
  let n = 0;
  record("ceiling: sandbox GET /payments/{imp_uid}", await runLoad({ url: sandbox.url, connections: 50, durationMs: DURATION, nextRequest: () => ({ method: 'GET', path: `/sandbox/iamport/payments/${probe[n++ % probe.length].imp_uid}`, headers: { authorization: token } }), expectStatus: [200] }));

  for (const size of SIZES) {
    const items = await seedPaidOrders(db.url, `n${size}_`, 30_000);
    await fillOrdersTo(db.url, size);
    await settle(db.url);
    await verifyPhase(service, sandbox, items, 50, `verify with ${size.toLocaleString('en')} orders in the table`);
  }
  const rss = await peakRssMb(service.child.pid);
  const summary = { date: new Date().toISOString(), cores: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, seconds: SECONDS, serviceRssPeakMb: rss, rows };
  await mkdir(new URL('./results/', import.meta.url), { recursive: true });
  await writeFile(new URL('./results/latest.json', import.meta.url), JSON.stringify(summary, null, 2));
  console.log(JSON.stringify(summary, null, 2));
} finally {
  for (const child of [service.child, sandbox.child, baseline.child]) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  await db.stop();
}
