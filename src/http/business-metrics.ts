import type { Observer, VerificationPhase } from '../settlement/observer.js';
import type { Transition } from '../settlement/facts.js';
import type { SettlementState } from '../settlement/model.js';
import { metricName, metricsClient, type MetricsRegistry } from './metrics.js';

/** What this instance last saw of i'mport: per process, in memory, so that no i'mport call costs a database write. */
export interface IamportReach {
  /** i'mport answered (a refusal is an answer too) */
  last_success_at: string | null;
  /** i'mport could not be reached, or answered something unusable */
  last_error_at: string | null;
  last_error: string | null;
}

export interface SweepPass {
  at: string;
  claimed: number;
  checked: number;
  changed: number;
  errors: number;
}

const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * The business metrics beside the HTTP ones, fed by the money path through `Observer` and by the i'mport client's
 * hooks. Labels are closed sets (sources, outcomes, endpoints, reasons, states), never an id.
 */
export class BusinessMetrics implements Observer {
  readonly iamport: IamportReach = { last_success_at: null, last_error_at: null, last_error: null };
  lastSweep: SweepPass | null = null;

  private readonly verifications;
  private readonly refunds;
  private readonly events;
  private readonly calls;
  private readonly callSeconds;
  private readonly webhookSeconds;
  private readonly passes;
  private readonly claimed;
  private readonly lastPass;
  private readonly phaseSeconds;

  constructor(registry: MetricsRegistry) {
    const registers = [registry];
    const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
      new metricsClient.Counter<L>({ name: metricName(name), help, labelNames, registers });
    this.verifications = counter('payment_verifications_total', 'verifications by who asked (callback, redirect, webhook, sync, sweeper) and outcome; sync and sweeper report the order status after', ['source', 'outcome']);
    this.refunds = counter('refunds_total', 'refunds and revokes entering a state (pending when committed, then done, needs_operator or failed), by kind and reason', ['kind', 'reason', 'state']);
    this.events = counter('order_events_total', 'order events committed, by type', ['type']);
    this.calls = counter('iamport_calls_total', "HTTP calls made to i'mport, by endpoint", ['endpoint']);
    this.passes = counter('reconcile_passes_total', 'sweeper passes run by this instance');
    this.claimed = counter('reconcile_orders_claimed_total', 'unfinished orders the sweeper claimed to re-check');
    this.callSeconds = new metricsClient.Histogram({
      name: metricName('iamport_call_duration_seconds'),
      help: "i'mport calls by endpoint and outcome (ok, refused: code ≠ 0, unavailable: network, 5xx, unusable answer), one per attempt",
      labelNames: ['endpoint', 'outcome'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.webhookSeconds = new metricsClient.Histogram({
      name: metricName('webhook_to_commit_seconds'),
      help: "from an i'mport webhook's arrival to its verification committed, by outcome",
      labelNames: ['outcome'] as const,
      buckets: [0.01, ...LATENCY_BUCKETS],
      registers,
    });
    this.phaseSeconds = new metricsClient.Histogram({
      name: metricName('verification_phase_seconds'),
      help: "a verification's steps (read the order, ask the PSP, apply), each with its waits for the event loop and the database pool",
      labelNames: ['phase'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, ...LATENCY_BUCKETS],
      registers,
    });
    this.lastPass = new metricsClient.Gauge({ name: metricName('reconcile_last_pass_timestamp_seconds'), help: "unix time of this instance's last sweeper pass", registers });
  }

  readonly iamportCalled = (endpoint: string): void => this.calls.inc({ endpoint });

  readonly iamportAnswered = (endpoint: string, outcome: 'ok' | 'refused' | 'unavailable', seconds: number, detail?: string): void => {
    this.callSeconds.observe({ endpoint, outcome }, seconds);
    const now = new Date().toISOString();
    if (outcome !== 'unavailable') this.iamport.last_success_at = now;
    else Object.assign(this.iamport, { last_error_at: now, last_error: `${endpoint}: ${detail ?? 'no answer'}` });
  };

  verified(source: string, outcome: string): void {
    this.verifications.inc({ source, outcome });
  }

  applied(before: SettlementState, after: Transition): void {
    const earlier = new Map(before.refunds.map((refund) => [refund.id, refund.state]));
    for (const { id, kind, reason, state } of after.refunds) {
      if (earlier.get(id) !== state) this.refunds.inc({ kind, reason, state });
    }
    for (const event of after.events) this.events.inc({ type: event.type });
  }

  webhookCommitted(outcome: string, seconds: number): void {
    this.webhookSeconds.observe({ outcome }, seconds);
  }

  phase(phase: VerificationPhase, seconds: number): void {
    this.phaseSeconds.observe({ phase }, seconds);
  }

  swept(result: { claimed: number; checked: number; changed: number; errors: number }): void {
    this.passes.inc();
    this.claimed.inc(result.claimed);
    this.lastPass.setToCurrentTime();
    this.lastSweep = { at: new Date().toISOString(), ...result };
  }
}
