import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import t from 'tap';
import { createPaymentVerifierClient, PaymentVerifierError, type EventOfType, type OrderEvent } from '@payment-verifier/client';
import { CONTRACT } from '../helpers/contract.js';
import { TEST_API_KEY } from '../helpers/app.js';
import { startService } from '../helpers/service.js';

/** A port nothing listens on: one the system just handed out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

t.test('the client has a method for every operation of openapi.yaml, named by its operationId', async (t) => {
  const client = createPaymentVerifierClient({ baseUrl: 'http://127.0.0.1:1', apiKey: 'k' });
  const operationIds = Object.values(CONTRACT.paths as Record<string, Record<string, { operationId: string }>>).flatMap((item) =>
    Object.values(item).map((operation) => operation.operationId),
  );
  t.ok(operationIds.length >= 19);
  t.same(operationIds.filter((id) => typeof (client as unknown as Record<string, unknown>)[id] !== 'function'), [], 'none is left to pv.api');
});

t.test('every operation through the client against the service, with named types', async (t) => {
  const service = await startService(t);
  const client = createPaymentVerifierClient({ baseUrl: service.url, apiKey: TEST_API_KEY, retry: { baseDelayMs: 20 } });
  t.same(await client.checkHealth(), { ok: true });
  t.same(await client.checkReadiness(), { ok: true });

  const order = await client.createOrder({ amount: 8000, name: 'Tote', buyer: { name: '이영희', email: 'tote@example.com' } });
  const paid = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
  const completed = await client.completePayment({ imp_uid: paid.imp_uid, merchant_uid: order.merchant_uid });
  t.match(completed, { status: 'success', order: { status: 'paid' } });
  const second = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
  const duplicate = await failure(client.completePayment({ imp_uid: second.imp_uid, merchant_uid: order.merchant_uid }));
  t.ok(duplicate instanceof PaymentVerifierError);
  t.match(duplicate, { status: 409, code: 'duplicate', body: { status: 'duplicate', order: { merchant_uid: order.merchant_uid } } });

  const { location } = await client.completePaymentRedirect({ imp_uid: paid.imp_uid, merchant_uid: order.merchant_uid });
  t.match(location, /^\/payments\/result\?ref=/);
  t.match(await client.showPaymentResult({ ref: new URL(location, service.url).searchParams.get('ref')! }), /<html/);
  t.match(await client.receiveIamportWebhook({ imp_uid: paid.imp_uid, merchant_uid: order.merchant_uid, status: 'paid' }), { ok: true });

  t.same((await client.searchOrders({ q: '이영' })).items.map((found) => found.merchant_uid), [order.merchant_uid]);
  const timeline = await client.getOrderTimeline(order.merchant_uid);
  t.ok(timeline.items.some((entry) => entry.kind === 'payment'));
  t.ok((await client.listWebhookReceipts({ merchant_uid: order.merchant_uid })).items.length >= 1);
  t.match(await client.getAttention(), { waiting: Number, refunds: { items: Array }, held: { items: Array }, pushes: { items: Array }, webhooks: { items: Array } });
  t.match(await client.getAttentionList('held'), { total: Number, items: Array });
  t.match(await client.getOrderStatus(new URL(order.status_url).pathname.split('/').at(-1)!), { status: 'paid', outcome: 'paid' });
  t.match(await client.getCheckoutKit(), /PaymentCheckout/);
  t.match(await client.getStatus(), { sweeper: { enabled: false }, outbox: { push: false } });
  t.match((await client.listRefunds()).items, [{ merchant_uid: order.merchant_uid, reason: 'duplicate' }]);

  const { items } = await client.listEvents();
  const types = items.map((event: OrderEvent) => event.type);
  t.match(types, ['order.created', 'order.paid', 'payment.duplicate_cancelled']);
  const duplicateEvent = items.find((event): event is EventOfType<'payment.duplicate_cancelled'> => event.type === 'payment.duplicate_cancelled');
  t.equal(duplicateEvent?.data.payment.imp_uid, second.imp_uid, "a payment event's data carries its payment, typed");
  t.type(items[0]!.id, 'string');
});

t.test('a refused connection, a timeout and an abort are PaymentVerifierErrors too', async (t) => {
  const refused = createPaymentVerifierClient({ baseUrl: `http://127.0.0.1:${await closedPort()}`, apiKey: 'k', retry: { retries: 1, baseDelayMs: 1 } });
  const error = await failure(refused.getOrder('ord_1'));
  t.ok(error instanceof PaymentVerifierError);
  t.match(error, { code: 'network_error', status: null, message: /could not be reached: ECONNREFUSED/ });
  t.ok((error as Error).cause instanceof TypeError, "fetch's own error is its cause");

  // a server that takes the request and never answers
  const silent = createHttpServer(() => {}).listen(0, '127.0.0.1');
  await once(silent, 'listening');
  t.teardown(() => new Promise((resolve) => (silent.closeAllConnections(), silent.close(resolve))));
  const baseUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  const hanging = createPaymentVerifierClient({ baseUrl, apiKey: 'k', retry: { retries: 1, timeoutMs: 100 } });
  t.match(await failure(hanging.getOrder('ord_1')), { code: 'timeout', status: null });

  const controller = new AbortController();
  const pending = failure(hanging.getOrder('ord_1', { signal: controller.signal }));
  controller.abort();
  t.match(await pending, { code: 'aborted', status: null });
});
