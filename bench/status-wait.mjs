// `npm run build && node bench/status-wait.mjs`: what long-polling status_url (`?wait=`) costs, and how soon a wait
// sees a payment applied on another instance. Two service instances (A and B) on one embedded PostgreSQL and the
// i'mport stand-in, as bench/run.mjs starts them. Phase 1 holds WAITS waits on A with nothing changing and reads the
// CPU PostgreSQL and A spend per second (the cost of A's one polling query). Phase 2 holds a wait on A for each of
// PAID orders and pays them one by one through B, timing each from B's answer to A's. A markdown table on stdout.
import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';
import { connectDatabase } from '../dist/db/connect.js';
import { statusPathOf } from '../dist/links/status-url.js';
import { impUidOf, merchantUidOf } from './payments.mjs';
import { cpuSeconds } from './procstat.mjs';
import { seedOrders, startDatabase, startFakeIamport, startService, stopAll } from './setup.mjs';

const WAITS = (process.env.BENCH_WAITS ?? '100,1000,5000').split(',').map(Number);
const IDLE_SECONDS = Math.min(Number(process.env.BENCH_IDLE_SECONDS ?? 10), 20);
const PAID = Number(process.env.BENCH_PAID ?? 200);
const log = (line) => process.stderr.write(`${line}\n`);
const agent = new Agent({ connections: 20_000, headersTimeout: 60_000, bodyTimeout: 60_000 });

/** GET status_url: at once, or held up to `wait` seconds while the order is at `version`. */
async function status(base, path, wait, version) {
  const response = await request(`${base}${path}${wait ? `?wait=${wait}&version=${version}` : ''}`, { dispatcher: agent });
  if (response.statusCode !== 200) throw new Error(`${path}: ${response.statusCode} ${await response.body.text()}`);
  return response.body.json();
}
const versionOf = async (base, path) => (await status(base, path)).version;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

let database;
try {
  database = await startDatabase();
  const iamport = await startFakeIamport();
  const [a, b] = [await startService(database.url, iamport), await startService(database.url, iamport)];
  const handle = connectDatabase(database.url, { max: 4 });
  const total = Math.max(...WAITS) + PAID;
  await seedOrders(database.url, iamport, 'wait_', total);
  const paths = [];
  for (let n = 1; n <= total; n += 1) paths.push(await statusPathOf(handle.db, merchantUidOf('wait_', n)));
  const rows = [];

  for (const count of WAITS) {
    log(`idle: ${count} waits held on A for ${IDLE_SECONDS} s`);
    const versions = await Promise.all(paths.slice(0, count).map((path) => versionOf(a.url, path)));
    const held = paths.slice(0, count).map((path, i) => status(a.url, path, IDLE_SECONDS + 2, versions[i]));
    await sleep(1000);
    const before = cpuSeconds({ pg: database.pid, a: a.pid });
    await sleep(IDLE_SECONDS * 1000);
    const after = cpuSeconds({ pg: database.pid, a: a.pid });
    await Promise.all(held);
    const perSecond = (name) => (((after[name] - before[name]) * 1000) / IDLE_SECONDS).toFixed(1);
    rows.push(`| ${count} waits held, nothing changes | PostgreSQL ${perSecond('pg')} ms/s · A ${perSecond('a')} ms/s | |`);
  }

  log(`wake: ${PAID} orders paid through B, each waited on at A`);
  const wakes = [];
  let failed = 0;
  for (let n = total - PAID + 1; n <= total; n += 1) {
    const merchantUid = merchantUidOf('wait_', n);
    const version = await versionOf(a.url, paths[n - 1]);
    const waiting = status(a.url, paths[n - 1], 25, version).then(() => performance.now());
    await sleep(20);
    const body = JSON.stringify({ imp_uid: impUidOf(merchantUid), merchant_uid: merchantUid });
    const sent = performance.now();
    const paid = await request(`${b.url}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, dispatcher: agent });
    await paid.body.dump();
    if (paid.statusCode !== 200) failed += 1;
    wakes.push((await waiting) - sent);
  }
  wakes.sort((x, y) => x - y);
  const ms = (p) => percentile(wakes, p).toFixed(0);
  rows.push(`| a payment sent to B, seen by a wait on A | p50 ${ms(0.5)} ms · p99 ${ms(0.99)} ms · max ${ms(1)} ms | ${PAID} orders, ${failed} not applied |`);
  await handle.close();
  process.stdout.write(['| phase | result | |', '|---|---|---|', ...rows].join('\n') + '\n');
} finally {
  await agent.close();
  await stopAll();
  await database?.stop();
}
