import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from '@portone/server-sdk';
import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { startReceiver } from './receiver.js';

t.test('webhooks: version 2024-04-25, Standard Webhooks signatures PortOne\'s SDK accepts, noticeUrls first', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t);
  const { control, credentials } = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/console` });

  const { transaction } = await control.createPayment({ paymentId: 'wh_1', amount: 1000, webhook: true });
  const [first] = await hooks.waitFor(1);
  t.match(first, { path: 'console', headers: { 'content-type': 'application/json', 'webhook-id': /\S/, 'webhook-timestamp': /^\d+$/, 'webhook-signature': /^v1,[A-Za-z0-9+/]+=*$/ } });
  t.same(first!.body.data, { storeId: credentials.storeId, paymentId: 'wh_1', transactionId: transaction.id });
  t.equal(first!.body.type, 'Transaction.Paid');
  const verified = await Webhook.verify(credentials.webhookSecret, first!.raw, first!.headers);
  t.same(verified, first!.body, 'PortOne\'s own verifier accepts it');
  const rejection = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
  t.match(await rejection(Webhook.verify('whsec_' + Buffer.from('another secret').toString('base64'), first!.raw, first!.headers)), { reason: 'NO_MATCHING_SIGNATURE' });
  t.match(await rejection(Webhook.verify(credentials.webhookSecret, first!.raw.replace('wh_1', 'wh_2'), first!.headers)), { reason: 'NO_MATCHING_SIGNATURE' }, 'a changed body');

  await control.createPayment({ paymentId: 'wh_2', amount: 1000, status: 'READY', noticeUrls: [`${hooks.base}/own`, `${hooks.base}/own2`], webhook: true });
  await control.drainWebhooks();
  t.same(hooks.received.slice(1).map((r) => [r.path, r.body.type]).sort(), [['own', 'Transaction.Ready'], ['own2', 'Transaction.Ready']], 'noticeUrls replace the configured URL');

  await control.sendWebhook('wh_1', { type: 'Transaction.Ready', times: 3 });
  await control.drainWebhooks();
  const copies = hooks.received.slice(3);
  t.same(copies.map((r) => r.body.type), ['Transaction.Ready', 'Transaction.Ready', 'Transaction.Ready'], 'a stale type, three times');
  t.equal(new Set(copies.map((r) => r.headers['webhook-id'])).size, 1, 'duplicates of one message share its webhook-id');
});

t.test('a failed delivery is retried 5 times with PortOne\'s growing backoff, same id and body, signed anew', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t, (path, attempt) => (path === 'flaky' && attempt <= 3 ? 500 : path === 'down' ? 404 : 200));
  // one of PortOne's minutes lasts 2 ms here: waits of 2, 8, 32, 128 and 512 ms
  const minuteMs = 2;
  const { control, credentials } = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/flaky`, webhookRetryScale: minuteMs / 60_000 });

  await control.createPayment({ paymentId: 'wh_retry', amount: 1000, webhook: true });
  await control.drainWebhooks();
  const flaky = hooks.received.filter((r) => r.path === 'flaky');
  t.equal(flaky.length, 4, 'three 500s, then delivered');
  t.equal(new Set(flaky.map((r) => r.headers['webhook-id'])).size, 1);
  t.equal(new Set(flaky.map((r) => r.raw)).size, 1, 'the body, its timestamp included, is the same');
  for (const delivery of flaky) t.ok(await Webhook.verify(credentials.webhookSecret, delivery.raw, delivery.headers));

  await control.setWebhookUrl(`${hooks.base}/down`);
  await control.createPayment({ paymentId: 'wh_down', amount: 1000, webhook: true });
  await control.drainWebhooks();
  const down = hooks.received.filter((r) => r.path === 'down');
  t.equal(down.length, 6, 'one send and 5 retries, then PortOne gives up');
  const gaps = down.slice(1).map((r, i) => r.at - down[i]!.at);
  [1, 4, 16, 64, 256].forEach((minutes, i) => t.ok(gaps[i]! >= minutes * minuteMs - 1, `wait ${i + 1} lasts at least ${minutes} minute(s): ${gaps[i]} ms`));
});

t.test('lost and late webhooks (control API), and a closed sandbox stops retrying', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t, (path) => (path === 'down' ? 503 : 200));
  const sandbox = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/shop`, webhookRetryScale: 50 / 60_000 });
  const { control } = sandbox;

  await control.injectWebhookFault({ kind: 'drop', count: 1 });
  await control.createPayment({ paymentId: 'wh_lost', amount: 1000, webhook: true });
  await control.createPayment({ paymentId: 'wh_kept', amount: 1000, webhook: true });
  await control.drainWebhooks();
  t.same(hooks.received.map((r) => r.body.data.paymentId), ['wh_kept'], 'the first was lost');

  await control.injectWebhookFault({ kind: 'delay', count: 1, ms: 300 });
  await control.createPayment({ paymentId: 'wh_late', amount: 1000, webhook: true });
  await control.createPayment({ paymentId: 'wh_prompt', amount: 1000, webhook: true });
  await control.drainWebhooks();
  t.same(hooks.received.slice(1).map((r) => r.body.data.paymentId), ['wh_prompt', 'wh_late'], 'the delayed one arrives after a later one');

  await control.setWebhookUrl(`${hooks.base}/down`);
  await control.createPayment({ paymentId: 'wh_closed', amount: 1000, webhook: true });
  const downs = () => hooks.received.filter((r) => r.path === 'down').length;
  for (let i = 0; i < 100 && downs() < 2; i += 1) await sleep(10);
  t.equal(downs(), 2, 'retried while the sandbox runs');
  await sandbox.close();
  await sleep(1000);
  t.equal(downs(), 2, 'not once more after it closed');
});
