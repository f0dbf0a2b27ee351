import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import {
  createPaymentVerifierClient,
  memoryCursor,
  PaymentVerifierError,
  type CursorStore,
  type PaymentVerifierClient,
  type RetryOptions,
} from '@payment-verifier/client';
import { TEST_API_KEY } from '../helpers/app.js';
import { startService, type Service } from '../helpers/service.js';

/** The client as an internal service would hold it; `sent` records each HTTP attempt it makes. */
function clientOf(service: Service, options: { apiKey?: string; retry?: RetryOptions } = {}) {
  const sent: Request[] = [];
  const client = createPaymentVerifierClient({
    baseUrl: service.url,
    apiKey: options.apiKey ?? TEST_API_KEY,
    retry: { baseDelayMs: 20, ...options.retry },
    fetch: (request) => (sent.push(request), fetch(request)),
  });
  return { client, sent };
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

/** Reads the feed from the cursor until `count` events came (the feed shows an event once its transaction is visible). */
async function readEvents(client: PaymentVerifierClient, cursor: CursorStore, count: number): Promise<string[]> {
  const types: string[] = [];
  for (let round = 0; round < 100 && types.length < count; round += 1) {
    for await (const event of client.events({ cursor, limit: 2 })) types.push(event.type);
    if (types.length < count) await sleep(20);
  }
  return types;
}

t.test('an order through the client: create, paid through the sandbox, refunded, and its events from a stored cursor', async (t) => {
  const service = await startService(t);
  const { client } = clientOf(service);

  const created = await client.createOrder({ amount: 30000, name: 'Mug x2', buyer: { name: '김철수' } });
  t.match(created, { status: 'pending', amount: 30000, currency: 'KRW', paid_amount: 0 });

  const payment = await service.sandbox.control.createPayment({ merchant_uid: created.merchant_uid, amount: 30000 });
  t.equal((await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: created.merchant_uid })).status, 200);
  t.match(await client.getOrder(created.merchant_uid), { status: 'paid', imp_uid: payment.imp_uid, paid_amount: 30000 });
  t.match(await client.syncOrder(created.merchant_uid), { status: 'paid' }, 'sync finds the same truth');
  t.match(await client.listOrderPayments(created.merchant_uid), [{ imp_uid: payment.imp_uid, role: 'accepted', status: 'paid' }]);

  const refund = { reason: 'one mug came back broken', amount: 10000 };
  const idempotencyKey = `return-${created.merchant_uid}`;
  const refunded = await client.cancelOrder(created.merchant_uid, refund, { idempotencyKey });
  t.match(refunded, { status: 'partially_cancelled', cancelled_amount: 10000 });
  const again = await client.cancelOrder(created.merchant_uid, refund, { idempotencyKey });
  t.same(again, refunded, 'the same key is the same refund, not a second one');
  const rest = await client.cancelOrder(created.merchant_uid, { reason: 'the other one too' });
  t.match(rest, { status: 'cancelled', cancelled_amount: 30000 }, 'a call without a key gets its own');

  const page = await client.listOrders({ status: 'cancelled' });
  t.same(page.items.map((order) => order.merchant_uid), [created.merchant_uid]);

  const cursor = memoryCursor();
  const expected = ['order.created', 'order.paid', 'order.partially_cancelled', 'order.cancelled'];
  t.same(await readEvents(client, cursor, expected.length), expected, 'every event once, oldest first, over pages of 2');
  const last = cursor.current;
  t.ok(last, 'the cursor holds the last event handled');
  t.same(await readEvents(client, cursor, 0), [], 'a feed read from the stored cursor has nothing new');

  const second = await client.createOrder({ amount: 1000, name: 'Sticker' });
  t.same(await readEvents(client, memoryCursor(last), 1), ['order.created'], 'and resumes with what came after it');
  t.equal((await client.listEvents({ after: last! })).items[0]?.merchant_uid, second.merchant_uid);
});

t.test("a 503 is retried with the same Idempotency-Key, so i'mport's outage costs no second order", async (t) => {
  const service = await startService(t);
  const { client, sent } = clientOf(service);
  // every attempt the service itself makes to register the amount fails once: its answer is a 503
  await service.sandbox.control.injectFault({ kind: '5xx', count: 3, endpoint: 'prepare' });

  const created = await client.createOrder({ amount: 4200, name: 'Retried' });
  t.equal(created.status, 'pending');
  const posts = sent.filter((request) => request.method === 'POST');
  t.equal(posts.length, 2, 'one failed attempt, one retry');
  const keys = new Set(posts.map((request) => request.headers.get('idempotency-key')));
  t.equal(keys.size, 1, 'the retry carried the same key');
  t.match([...keys][0], /^[0-9a-f-]{36}$/, 'a generated UUID');
  t.same((await client.listOrders()).items.map((order) => order.name), ['Retried'], 'exactly one order');
});

t.test('errors are PaymentVerifierError with the status, code and message the service gave', async (t) => {
  const service = await startService(t, { INTERNAL_RATE_LIMIT: '5' });
  const { client, sent } = clientOf(service, { retry: { maxRetryAfterMs: 5_000 } });
  const order = await client.createOrder({ amount: 5000, name: 'Errors' });

  const missing = await failure(client.getOrder('ord_missing'));
  t.ok(missing instanceof PaymentVerifierError);
  t.match(missing, { status: 404, code: 'not_found', message: 'no order ord_missing' });
  t.ok((missing as PaymentVerifierError).requestId, 'with the request id to find it in the logs');

  t.match(await failure(client.cancelOrder(order.merchant_uid, { reason: 'nothing was paid' })), { status: 409, code: 'conflict', message: /only a paid order/ });
  await client.createOrder({ amount: 5000, name: 'Errors' }, { idempotencyKey: 'k1' });
  t.match(await failure(client.createOrder({ amount: 6000, name: 'Errors' }, { idempotencyKey: 'k1' })), { status: 422, code: 'idempotency_mismatch' });
  t.match(await failure(clientOf(service, { apiKey: 'not-a-key' }).client.listOrders()), { status: 401, code: 'unauthorized' });

  // the limit is 5 a minute: a Retry-After of about a minute is more than this caller waits, so it is thrown at once
  const before = sent.length;
  const limited = await failure(client.listOrders());
  t.match(limited, { status: 429, code: 'rate_limited' });
  t.ok((limited as PaymentVerifierError).retryAfter! > 10, 'with the Retry-After the service asked for');
  t.equal(sent.length - before, 1, 'not retried against a Retry-After beyond maxRetryAfterMs');
});
