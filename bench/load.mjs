// A bounded-time load loop over one undici Pool: `connections` workers each send requests back to back until
// the deadline, taking their next request from `nextRequest()`. Latencies go into a perf_hooks histogram.
import { createHistogram } from 'node:perf_hooks';
import { Pool } from 'undici';

export async function runLoad({ url, connections, durationMs, nextRequest, expectStatus }) {
  const origin = new URL(url).origin;
  const pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const histogram = createHistogram();
  const deadline = Date.now() + durationMs;
  let completed = 0;
  let errors = 0;
  const statuses = {};

  async function worker() {
    while (Date.now() < deadline) {
      const request = nextRequest();
      if (!request) return;
      const started = process.hrtime.bigint();
      try {
        const response = await pool.request({ origin, ...request });
        await response.body.dump();
        statuses[response.statusCode] = (statuses[response.statusCode] ?? 0) + 1;
        if (expectStatus && !expectStatus.includes(response.statusCode)) errors += 1;
      } catch {
        errors += 1;
      }
      histogram.record(Number(process.hrtime.bigint() - started) || 1);
      completed += 1;
    }
  }

  const startedAt = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (Date.now() - startedAt) / 1000;
  await pool.close();
  return {
    connections,
    requests: completed,
    errors,
    statuses,
    rps: completed / seconds,
    p50ms: histogram.percentile(50) / 1e6,
    p99ms: histogram.percentile(99) / 1e6,
  };
}
