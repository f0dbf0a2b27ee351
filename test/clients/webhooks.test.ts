import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { createPaymentVerifierClient, verifyWebhook, WebhookVerificationError, type WebhookHeaders } from '@payment-verifier/client';
import { TEST_API_KEY } from '../helpers/app.js';
import { webhookProblems } from '../helpers/contract.js';
import { startService } from '../helpers/service.js';

interface Delivery {
  body: string;
  headers: WebhookHeaders;
}

/** A receiver at EVENT_WEBHOOK_URL that keeps each push's raw body and headers. */
async function startReceiver(t: Test): Promise<{ url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const receiver = Fastify();
  receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  receiver.post('/events', async (request) => {
    deliveries.push({ body: request.body as string, headers: request.headers });
    return { ok: true };
  });
  const url = `${await receiver.listen({ port: 0, host: '127.0.0.1' })}/events`;
  t.teardown(() => receiver.close());
  return { url, deliveries };
}

const whsec = (key: string) => `whsec_${Buffer.from(key).toString('base64')}`;

for (const [kind, secret, otherSecret] of [
  ['a whsec_ (base64) secret', whsec('client-test-signing-key-0123456789'), whsec('another-signing-key-0123456789')],
] as const) {
  t.test(`the service's own pushes verify with ${kind}, and a changed body or another secret does not`, async (t) => {
    const receiver = await startReceiver(t);
    const service = await startService(t, { EVENT_WEBHOOK_URL: receiver.url, EVENT_WEBHOOK_SECRET: secret });
    const client = createPaymentVerifierClient({ baseUrl: service.url, apiKey: TEST_API_KEY });
    const order = await client.createOrder({ amount: 7000, name: 'Pushed' });
    for (let waited = 0; receiver.deliveries.length === 0 && waited < 10_000; waited += 50) await sleep(50);

    const [delivery] = receiver.deliveries;
    t.ok(delivery, 'the service pushed the event');
    t.same(webhookProblems(delivery!.body, delivery!.headers as Record<string, unknown>), [], "the push is the contract's webhooks: orderEvent");
    const event = verifyWebhook(secret, delivery!.body, delivery!.headers);
    t.match(event, { type: 'order.created', merchant_uid: order.merchant_uid, data: { amount: 7000, status: 'pending' } });
    t.same(verifyWebhook(secret, Buffer.from(delivery!.body), delivery!.headers), event, "the body as express.raw's Buffer");
    const asFetch = new Request('http://shop.example/payment-events', { method: 'POST', body: delivery!.body, headers: delivery!.headers as Record<string, string> });
    t.same(verifyWebhook(secret, await asFetch.text(), asFetch.headers), event, "as a Next.js route handler's Request: text() and Headers");
    t.throws(() => verifyWebhook(secret, delivery!.body.replace('7000', '70'), delivery!.headers), WebhookVerificationError);
    t.throws(() => verifyWebhook(otherSecret, delivery!.body, delivery!.headers), WebhookVerificationError);
    t.throws(() => verifyWebhook(secret, delivery!.body, { ...delivery!.headers, 'webhook-signature': undefined }), WebhookVerificationError);
  });
}
