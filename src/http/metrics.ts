import type { FastifyInstance } from 'fastify';
import fastifyMetricsModule from 'fastify-metrics';
import { performance } from 'node:perf_hooks';
import client from 'prom-client';

export type MetricsRegistry = client.Registry;
export { client as metricsClient };

/** Every metric the service exports is named under this, HTTP and Node's included, so none mixes with another app's. */
export const METRIC_PREFIX = 'payment_verifier_';
export const metricName = (name: string): string => `${METRIC_PREFIX}${name}`;

/**
 * Prometheus text at /metrics, with a histogram of request durations by route, all under METRIC_PREFIX. Each app gets its own registry, so that
 * several instances in one process (the tests run two) never collide on metric names.
 */
export async function registerMetrics(app: FastifyInstance, registry: MetricsRegistry): Promise<void> {
  // a CommonJS module whose plugin is its `default` property
  await app.register(fastifyMetricsModule.default, {
    endpoint: '/metrics',
    defaultMetrics: { enabled: true, register: registry, prefix: METRIC_PREFIX },
    routeMetrics: {
      // a summary keeps a quantile sketch per route and costs every request; the histogram answers the same questions
      enabled: { histogram: true, summary: false },
      routeBlacklist: ['/metrics', '/healthz', '/readyz'],
      overrides: {
        histogram: { name: metricName('http_request_duration_seconds'), registers: [registry], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
        // created even when off: in the app's own registry, so two apps in one process do not collide
        summary: { name: metricName('http_request_summary_seconds'), registers: [registry] },
      },
    },
  });
}

export function createMetricsRegistry(): MetricsRegistry {
  const registry = new client.Registry();
  registerEventLoopUtilization(registry);
  return registry;
}

/**
 * The share of wall time the event loop was busy since the previous scrape (Node's own lag metrics tell how late it
 * ran, not how full it was): near 1, requests queue behind each other's work in this process.
 */
function registerEventLoopUtilization(registry: MetricsRegistry): void {
  let last = performance.eventLoopUtilization();
  new client.Gauge({
    name: metricName('nodejs_eventloop_utilization_ratio'),
    help: 'share of the time since the previous scrape that the event loop was busy',
    registers: [registry],
    collect() {
      const now = performance.eventLoopUtilization();
      this.set(performance.eventLoopUtilization(now, last).utilization);
      last = now;
    },
  });
}
