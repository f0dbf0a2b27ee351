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

t.test('network failures are retried; after the last retry they are thrown as PaymentVerifierError', async (t) => {
  let attempts = 0;
  const counted = (request: Request) => ((attempts += 1), Promise.reject(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })));
  const client = createPaymentVerifierClient({ baseUrl: 'http://127.0.0.1:9', apiKey: 'k', retry: { retries: 2, baseDelayMs: 1 }, fetch: counted });
  await t.rejects(client.listOrders(), { name: 'PaymentVerifierError', code: 'network_error', status: null, message: /ECONNRESET/ });
  t.equal(attempts, 3);
});

t.test("a Retry-After up to the caller's cap is waited out; beyond it the 429 is thrown at once, with retryAfter", async (t) => {
  let seen = 0;
  let retryAfter = '1';
  const stub = Fastify();
  stub.get('/orders', async (_request, reply) => {
    seen += 1;
    if (seen % 2 === 1) return reply.status(429).header('retry-after', retryAfter).send({ error: 'rate_limited', message: 'later' });
    return { items: [], next_cursor: null };
  });
  const baseUrl = await stub.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => stub.close());

  const impatient = createPaymentVerifierClient({ baseUrl, apiKey: 'k', retry: { maxRetryAfterMs: 500 } });
  await t.rejects(impatient.listOrders(), { name: 'PaymentVerifierError', status: 429, code: 'rate_limited', retryAfter: 1 });
  t.equal(seen, 1, 'thrown without a second attempt');

  seen = 0;
  const patient = createPaymentVerifierClient({ baseUrl, apiKey: 'k', retry: { maxRetryAfterMs: 2_000 } });
  const started = Date.now();
  t.same(await patient.listOrders(), { items: [], next_cursor: null });
  t.ok(Date.now() - started >= 950, 'after waiting the second it asked for');

  // the service's own 429 says 60 s, its rate window: by default that is waited out, not thrown at once
  seen = 0;
  retryAfter = '60';
  const controller = new AbortController();
  const pending = createPaymentVerifierClient({ baseUrl, apiKey: 'k' }).listOrders({}, { signal: controller.signal });
  await new Promise((resolve) => setTimeout(resolve, 300));
  controller.abort();
  await t.rejects(pending, { name: 'PaymentVerifierError', code: 'aborted' });
  t.equal(seen, 1, 'it was waiting when its caller gave up');
});

t.test("an answer that is not the service's is still a PaymentVerifierError", async (t) => {
  const stub = Fastify();
  stub.get('/orders', async (_request, reply) => reply.status(502).type('text/html').send('<html>Bad Gateway</html>'));
  stub.get('/refunds', async (_request, reply) => reply.type('application/json').send('{"items": ['));
  const baseUrl = await stub.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => stub.close());
  const client = createPaymentVerifierClient({ baseUrl, apiKey: 'k' });
  await t.rejects(client.listOrders(), { name: 'PaymentVerifierError', status: 502, code: 'http_502', body: undefined });
  await t.rejects(client.listRefunds(), { name: 'PaymentVerifierError', code: 'invalid_response' });
});
