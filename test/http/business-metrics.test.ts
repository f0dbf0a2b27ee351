import { sql } from 'kysely';
import t from 'tap';
import { startService } from '../helpers/service.js';
import { createOrder, eventually, failingReceiver, paidTwice, refundNeedingOperator } from '../helpers/scenarios.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text → samples; enough of the format for what prom-client writes. */
function parse(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The sum of the samples of `name` whose labels include `labels`. */
const valueOf = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((sum, s) => sum + s.value, 0);

t.test('business metrics after a scripted payment flow', async (t) => {
  const eventUrl = await failingReceiver(t);
  const service = await startService(t, {
    EVENT_WEBHOOK_URL: eventUrl,
    EVENT_WEBHOOK_SECRET: 'whsec_YS10ZXN0LXNpZ25pbmcta2V5LWZvci1tZXRyaWNzLTAxMjM=',
    // the sweeper runs, but claims only the order this test ages on purpose
    RECONCILE_INTERVAL_MS: '200',
    RECONCILE_MIN_AGE_MS: '3600000',
    RECONCILE_PAID_INTERVAL_MS: '0',
  });
  const shop = { ...service, control: service.sandbox.control };
  const scrape = async () => parse(await (await fetch(`${service.url}/metrics`)).text());

  // paid once by card, then a second time: the duplicate is refunded automatically
  const twice = await paidTwice(shop, 7000);
  // a deposit into a second virtual account: i'mport refuses its refund, a person must finish it
  await refundNeedingOperator(shop, 6000);
  // a webhook, re-read and applied
  await shop.control.sendWebhook(twice.first);
  // i'mport down for one callback: three attempts, then 503
  const unlucky = await createOrder(service, 1000);
  const payment = await shop.control.createPayment({ merchant_uid: unlucky.merchant_uid, amount: 1000 });
  await shop.control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
  t.equal((await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: unlucky.merchant_uid })).status, 503);
  // an operator's sync and a partial refund
  await service.api('POST', `/orders/${twice.merchantUid}/sync`);
  t.equal((await service.api('POST', `/orders/${twice.merchantUid}/cancel`, { reason: 'one sleeve torn', amount: 2000 })).status, 200);
  // an abandoned order, old enough for the sweeper
  const abandoned = await createOrder(service, 500);
  await sql`UPDATE orders SET updated_at = now() - interval '2 hours' WHERE merchant_uid = ${abandoned.merchant_uid}`.execute(service.database.db);

  const samples = await eventually(async () => {
    const s = await scrape();
    const ready = valueOf(s, 'payment_verifier_webhook_to_commit_seconds_count') >= 1 && valueOf(s, 'payment_verifier_reconcile_orders_claimed_total') >= 1 && valueOf(s, 'payment_verifier_outbox_backlog') > 0;
    return ready && s;
  }, 15_000, 'the webhook, a sweeper pass and the outbox');

  t.test('verifications by source and outcome', async (t) => {
    t.equal(valueOf(samples, 'payment_verifier_payment_verifications_total', { source: 'callback', outcome: 'success' }), 2);
    t.equal(valueOf(samples, 'payment_verifier_payment_verifications_total', { source: 'callback', outcome: 'duplicate' }), 2);
    t.equal(valueOf(samples, 'payment_verifier_payment_verifications_total', { source: 'callback', outcome: 'unavailable' }), 1);
    t.equal(valueOf(samples, 'payment_verifier_payment_verifications_total', { source: 'sync', outcome: 'paid' }), 1, 'sync reports the order status after');
    t.ok(valueOf(samples, 'payment_verifier_payment_verifications_total', { source: 'webhook' }) >= 1);
    t.ok(valueOf(samples, 'payment_verifier_payment_verifications_total', { source: 'sweeper', outcome: 'pending' }) >= 1);
  });

  t.test('refunds by kind, reason and state; events by type', async (t) => {
    t.equal(valueOf(samples, 'payment_verifier_refunds_total', { kind: 'cancel', reason: 'duplicate', state: 'pending' }), 2, 'each owed refund committed');
    t.equal(valueOf(samples, 'payment_verifier_refunds_total', { kind: 'cancel', reason: 'duplicate', state: 'done' }), 1);
    t.equal(valueOf(samples, 'payment_verifier_refunds_total', { kind: 'cancel', reason: 'duplicate', state: 'needs_operator' }), 1);
    t.equal(valueOf(samples, 'payment_verifier_refunds_total', { kind: 'cancel', reason: 'operator', state: 'done' }), 1);
    t.equal(valueOf(samples, 'payment_verifier_order_events_total', { type: 'payment.duplicate_cancelled' }), 1);
    t.equal(valueOf(samples, 'payment_verifier_order_events_total', { type: 'payment.refund_failed' }), 1);
    t.equal(valueOf(samples, 'payment_verifier_order_events_total', { type: 'order.partially_cancelled' }), 1);
    t.equal(valueOf(samples, 'payment_verifier_orders_needing_operator'), 1);
  });

  t.test("i'mport calls by endpoint and outcome, with latencies", async (t) => {
    t.equal(valueOf(samples, 'payment_verifier_iamport_call_duration_seconds_count', { endpoint: 'payments.get', outcome: 'unavailable' }), 3);
    t.ok(valueOf(samples, 'payment_verifier_iamport_call_duration_seconds_count', { endpoint: 'payments.get', outcome: 'ok' }) >= 5);
    t.equal(valueOf(samples, 'payment_verifier_iamport_call_duration_seconds_count', { endpoint: 'cancel', outcome: 'refused' }), 1, 'the deposit needs an account');
    t.equal(valueOf(samples, 'payment_verifier_iamport_call_duration_seconds_count', { endpoint: 'cancel', outcome: 'ok' }), 2);
    t.ok(valueOf(samples, 'payment_verifier_iamport_call_duration_seconds_bucket', { endpoint: 'cancel', outcome: 'ok', le: '+Inf' }) === 2);
    t.ok(valueOf(samples, 'payment_verifier_iamport_call_duration_seconds_sum') > 0);
    t.equal(valueOf(samples, 'payment_verifier_iamport_calls_total', { endpoint: 'payments.get' }), valueOf(samples, 'payment_verifier_iamport_call_duration_seconds_count', { endpoint: 'payments.get' }));
  });

  t.test("a verification's steps, and how full the event loop was", async (t) => {
    const asked = valueOf(samples, 'payment_verifier_verification_phase_seconds_count', { phase: 'psp' });
    t.ok(asked >= 5, "every verification that asked i'mport timed the call");
    t.ok(valueOf(samples, 'payment_verifier_verification_phase_seconds_count', { phase: 'read' }) >= 1, 'the order read first');
    t.ok(valueOf(samples, 'payment_verifier_verification_phase_seconds_count', { phase: 'apply' }) >= 1);
    const busy = valueOf(samples, 'payment_verifier_nodejs_eventloop_utilization_ratio');
    t.ok(busy > 0 && busy <= 1, `event loop utilisation is a share: ${busy}`);
  });

  t.test('webhook arrival to commit, the sweeper, the outbox', async (t) => {
    t.ok(valueOf(samples, 'payment_verifier_webhook_to_commit_seconds_count', { outcome: 'success' }) >= 1);
    t.ok(valueOf(samples, 'payment_verifier_reconcile_passes_total') >= 1);
    t.ok(valueOf(samples, 'payment_verifier_reconcile_last_pass_timestamp_seconds') > Date.now() / 1000 - 60);
    t.ok(valueOf(samples, 'payment_verifier_outbox_backlog') >= 5, 'every event is waiting: the receiver answers 500');
    t.ok(valueOf(samples, 'payment_verifier_outbox_oldest_undelivered_age_seconds') > 0);
  });

  t.test('no label carries an id', async (t) => {
    const ids = samples.filter((s) => Object.values(s.labels).some((v) => /ord_|imp_|rf_/.test(v)));
    t.same(ids, []);
  });
});
