import Fastify from 'fastify';
import t from 'tap';
import { createPaymentVerifierClient, retryAfterMs } from '@payment-verifier/client';
import { orderExample } from '../../src/http/openapi-examples.js';

t.test('Retry-After is read as seconds or as an HTTP date', async (t) => {
  t.equal(retryAfterMs('2'), 2000);
  t.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
  t.equal(retryAfterMs(null), null);
  t.equal(retryAfterMs('soon'), null);
});

t.test('503 and 429 are retried after the Retry-After they carry, with the same Idempotency-Key', async (t) => {
  const seen: Array<{ at: number; key: unknown }> = [];
  const answers = [
    { status: 503, headers: { 'retry-after': '1' } },
    { status: 429, headers: { 'retry-after': '0' } },
  ];
  const stub = Fastify();
  stub.post('/orders', async (request, reply) => {
    seen.push({ at: Date.now(), key: request.headers['idempotency-key'] });
    const answer = answers.shift();
    if (answer) return reply.status(answer.status).headers(answer.headers).send({ error: 'unavailable', message: 'later' });
    return reply.status(201).send(orderExample);
  });
  const baseUrl = await stub.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => stub.close());

  const client = createPaymentVerifierClient({ baseUrl, apiKey: 'k', retry: { baseDelayMs: 5_000 } });
  t.same(await client.createOrder({ amount: 50000, name: 'T-shirt x2' }), orderExample);
  t.equal(seen.length, 3);
  t.ok(seen[1]!.at - seen[0]!.at >= 950, 'waited the second the 503 asked for');
  t.ok(seen[2]!.at - seen[1]!.at < 1000, 'and no backoff where Retry-After said 0');
  t.equal(new Set(seen.map((attempt) => attempt.key)).size, 1, 'one key for the one logical call');
});

t.test('network failures are retried; after the last retry the error is thrown', async (t) => {
  let attempts = 0;
  const counted = (request: Request) => ((attempts += 1), fetch(request));
  const client = createPaymentVerifierClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k', retry: { retries: 2, baseDelayMs: 1 }, fetch: counted });
  await t.rejects(client.listOrders(), TypeError);
  t.equal(attempts, 3);
});
