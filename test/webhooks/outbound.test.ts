import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import t from 'tap';
import { deliverDueEvents } from '../../src/webhooks/outbound.js';
import { webhookProblems } from '../helpers/contract.js';
import { startService } from '../helpers/service.js';

const SECRET = `whsec_${Buffer.from('a-test-signing-key-0123456789').toString('base64')}`;

/** Standard Webhooks verification written from the spec, apart from the service's signer. */
function verify(headers: Record<string, string | string[] | undefined>, body: string): boolean {
  const key = Buffer.from(SECRET.split('_')[1]!, 'base64');
  const expected = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  const fresh = Math.abs(Date.now() / 1000 - Number(headers['webhook-timestamp'])) < 300;
  return fresh && String(headers['webhook-signature']).split(' ').includes(`v1,${expected}`);
}

t.test('order events are pushed at least once, signed, retried until the receiver accepts', async (t) => {
  const received: Array<{ type: string; merchant_uid: string; valid: boolean; id: string }> = [];
  let failuresLeft = 2;
  const receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  receiver.post('/hook', async (request, reply) => {
    if (failuresLeft-- > 0) return reply.status(503).send();
    const body = request.body as string;
    const event = JSON.parse(body);
    received.push({ type: event.type, merchant_uid: event.merchant_uid, id: String(request.headers['webhook-id']), valid: verify(request.headers, body) });
    t.same(webhookProblems(body, request.headers), [], `the pushed ${event.type} is the contract's webhooks: orderEvent`);
    return { ok: true };
  });
  const hookUrl = `${await receiver.listen({ port: 0, host: '127.0.0.1' })}/hook`;
  t.teardown(() => receiver.close());

  // pushing is on: events are queued as they are recorded (the test delivers them itself, passes of its own)
  const service = await startService(t, { EVENT_WEBHOOK_URL: hookUrl, EVENT_WEBHOOK_SECRET: SECRET });
  const order = await service.createOrder(4500);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 4500 });
  await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });

  const options = { url: hookUrl, secret: SECRET, retryBaseMs: 10 };
  for (let pass = 0; pass < 20 && received.length < 2; pass += 1) {
    await deliverDueEvents(service.database.db, options);
    await sleep(30);
  }
  t.same(received.map((e) => e.type), ['order.created', 'order.paid']);
  t.ok(received.every((e) => e.valid), 'every signature verifies');
  t.equal(new Set(received.map((e) => e.id)).size, 2, 'one webhook-id per event');
  const attempts = await service.database.db.selectFrom('event_delivery_attempts').select(['status_code']).execute();
  t.equal(attempts.filter((a) => a.status_code === 503).length, 2, 'failed attempts are recorded');
  t.equal(await deliverDueEvents(service.database.db, options), 0, 'nothing is delivered twice once accepted');
});
