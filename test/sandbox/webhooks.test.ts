import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';

t.test('the sandbox notifies like i\'mport: JSON body, notice_url first, retried on 5xx, duplicated on request', async (t) => {
  const received: Array<{ path: string; body: { imp_uid: string; merchant_uid: string; status: string } }> = [];
  let failuresLeft = 2;
  const receiver = Fastify();
  receiver.post('/:path', async (request, reply) => {
    if ((request.params as { path: string }).path === 'flaky' && failuresLeft-- > 0) return reply.status(500).send();
    received.push({ path: (request.params as { path: string }).path, body: request.body as never });
    return { ok: true };
  });
  const base = await receiver.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => receiver.close());

  const database = await freshDatabase(t);
  const { control } = await startSandbox(t, database, { webhookUrl: `${base}/default` });
  const waitFor = async (count: number) => {
    for (let i = 0; i < 100 && received.length < count; i += 1) await sleep(20);
  };

  const paid = await control.createPayment({ merchant_uid: 'ord_w1', amount: 100, webhook: true });
  await waitFor(1);
  t.same(received[0], { path: 'default', body: { imp_uid: paid.imp_uid, merchant_uid: 'ord_w1', status: 'paid' } });

  const own = await control.createPayment({ merchant_uid: 'ord_w2', amount: 100, status: 'ready', pay_method: 'vbank', notice_url: `${base}/flaky`, webhook: true });
  await waitFor(2);
  t.same(received[1], { path: 'flaky', body: { imp_uid: own.imp_uid, merchant_uid: 'ord_w2', status: 'ready' } }, 'delivered after two 500s');

  await control.deposit(own.imp_uid);
  await control.sendWebhook(own.imp_uid, { times: 3, status: 'ready' });
  await waitFor(6);
  t.same(received.slice(2).map((r) => r.body.status).sort(), ['paid', 'ready', 'ready', 'ready'], 'deposit, then three stale duplicates');

  await control.cancel(paid.imp_uid, 40);
  await waitFor(7);
  t.same(received[6]?.body, { imp_uid: paid.imp_uid, merchant_uid: 'ord_w1', status: 'paid', cancellation_id: `cncl_${paid.imp_uid}_1` }, 'a cancel names its cancellation');
});

t.test('a closed sandbox stops retrying its webhooks, so no timer outlives it', async (t) => {
  let attempts = 0;
  const receiver = Fastify();
  receiver.post('/down', async (_request, reply) => {
    attempts += 1;
    return reply.status(503).send();
  });
  const base = await receiver.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => receiver.close());
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database, { webhookUrl: `${base}/down`, webhookRetryDelayMs: 150 });
  await sandbox.control.createPayment({ merchant_uid: 'ord_w_closed', amount: 100, webhook: true });
  for (let i = 0; i < 100 && attempts < 2; i += 1) await sleep(20);
  t.equal(attempts, 2, 'retried while the sandbox runs');
  await sandbox.close();
  await sleep(600);
  t.equal(attempts, 2, 'not once more after it closed');
});
