// The load generator, run by run.mjs as a process of its own so that its CPU is counted apart from the service's:
//   node bench/load.mjs '<json spec>'    -> one JSON line on stdout
// spec: { url, kind: 'complete' | 'webhook' | 'order', durationMs, apiKey?,
//         connections (closed loop: each connection sends its next request when the last one is answered)
//         | rate (open loop: requests evenly spaced at `rate` per second, latency counted from the scheduled time),
//         orders?: { prefix, from, count, cycle } (the bench's orders `<prefix><n>`, n = from … from + count - 1;
//         without cycle, each is sent once and the phase ends early when they run out) }
// Requests answered with another status than the kind's (200; 201 for orders), failed or dropped are errors.
import { createHistogram } from 'node:perf_hooks';
import { Pool } from 'undici';
import { impUidOf, merchantUidOf } from './payments.mjs';

const spec = JSON.parse(process.argv[2]);
const origin = new URL(spec.url).origin;
if (!/^http:\/\/127\.0\.0\.1(:\d+)?$/.test(origin)) throw new Error('loopback targets only');
const durationMs = Math.min(spec.durationMs, 120_000);
const MAX_IN_FLIGHT = 256; // open loop: beyond this many unanswered requests, the next ones are dropped (errors)
const TIMEOUT_MS = 10_000;
const json = { 'content-type': 'application/json' };

function requests() {
  const expect = spec.kind === 'order' ? 201 : 200;
  if (spec.kind === 'order') {
    const request = { method: 'POST', path: '/orders', headers: { ...json, authorization: `Bearer ${spec.apiKey}` }, body: '{"amount":15000,"name":"bench"}' };
    return { expect, next: () => request };
  }
  const { prefix, from, count, cycle } = spec.orders;
  let i = 0;
  const next = () => {
    if (i >= count && !cycle) return undefined;
    const merchantUid = merchantUidOf(prefix, from + (i++ % count));
    const body = spec.kind === 'webhook' ? { imp_uid: impUidOf(merchantUid), merchant_uid: merchantUid, status: 'paid' } : { imp_uid: impUidOf(merchantUid), merchant_uid: merchantUid };
    return { method: 'POST', path: spec.kind === 'webhook' ? '/webhooks/iamport' : '/payments/complete', headers: json, body: JSON.stringify(body) };
  };
  return { expect, next };
}

const { expect, next } = requests();
const histogram = createHistogram();
const statuses = {};
let answered = 0;
let errors = 0;
let dropped = 0;
let exhausted = false;
const pool = new Pool(origin, { connections: spec.connections ?? MAX_IN_FLIGHT, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: TIMEOUT_MS, bodyTimeout: TIMEOUT_MS });

/** sends one request; latency from `since` (ns, hrtime) */
async function send(request, since) {
  try {
    const response = await pool.request({ origin, ...request });
    await response.body.dump();
    statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
    if (response.statusCode !== expect) errors += 1;
  } catch (error) {
    statuses[error.code ?? 'failed'] = (statuses[error.code ?? 'failed'] ?? 0) + 1;
    errors += 1;
  }
  histogram.record(Math.max(1, Number(process.hrtime.bigint() - since)));
  answered += 1;
}

async function closedLoop(deadline) {
  const worker = async () => {
    while (performance.now() < deadline) {
      const request = next();
      if (!request) return void (exhausted = true);
      await send(request, process.hrtime.bigint());
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
}

async function openLoop(deadline) {
  const total = Math.floor((spec.rate * durationMs) / 1000);
  const t0 = process.hrtime.bigint();
  const t0ms = performance.now();
  const inFlight = new Set();
  let sent = 0;
  while (sent < total && performance.now() < deadline) {
    const due = Math.min(total, Math.floor(((performance.now() - t0ms) / 1000) * spec.rate));
    for (; sent < due; sent += 1) {
      const scheduled = t0 + BigInt(Math.round((sent / spec.rate) * 1e9));
      const request = next();
      if (!request) {
        exhausted = true;
        sent = total;
        break;
      }
      if (inFlight.size >= MAX_IN_FLIGHT) {
        dropped += 1;
        errors += 1;
        continue;
      }
      const promise = send(request, scheduled).finally(() => inFlight.delete(promise));
      inFlight.add(promise);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await Promise.all(inFlight); // bounded by the request timeouts
}

const cpu0 = process.cpuUsage();
const started = performance.now();
const deadline = started + durationMs;
await (spec.rate ? openLoop(deadline) : closedLoop(deadline));
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpu0);
await pool.close();
const ms = (p) => +(histogram.count ? histogram.percentile(p) / 1e6 : 0).toFixed(2);
console.log(
  JSON.stringify({
    requests: answered,
    errors,
    dropped,
    statuses,
    exhausted,
    seconds: +seconds.toFixed(3),
    rps: +(answered / seconds).toFixed(1),
    p50ms: ms(50),
    p99ms: ms(99),
    maxMs: +(histogram.count ? histogram.max / 1e6 : 0).toFixed(2),
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }),
);
