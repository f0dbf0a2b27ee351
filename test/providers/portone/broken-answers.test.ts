import Fastify from 'fastify';
import t from 'tap';
import { PortOneClient } from '../../../src/providers/portone/client.js';
import { PortOneBrokenAnswer, PortOneUnavailable } from '../../../src/providers/portone/errors.js';

const failure = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error);

/** A PortOne that answers 200 with bodies of the wrong shape, which the simulator never does. */
t.test('a success of the wrong shape is a broken answer, told apart from an unreachable PortOne', async (t) => {
  const app = Fastify();
  app.post('/payments/:id/cancel', async () => ({ cancellation: { status: 'SUCCEEDED', id: 'c1', totalAmount: '1000' } }));
  app.post('/payments/:id/virtual-account/close', async () => ({ closed: true }));
  app.get('/payments', async () => ({ items: 'none' }));
  app.get('/payments/:id/transactions', async () => ({ items: [{ id: 'tx1', status: 'PAID' }] }));
  app.get('/payments/:id', async (_request, reply) => reply.status(500).send({ type: 'PAYMENT_NOT_FOUND' }));
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const client = new PortOneClient({ apiUrl: base, apiSecret: 'any' });
  t.teardown(() => client.close());

  const cancelled = await failure(client.cancel({ paymentId: 'p1', currentCancellableAmount: 1000, reason: 'x' }));
  t.type(cancelled, PortOneBrokenAnswer, 'a cancellation whose amount is a string');
  t.match(cancelled, { endpoint: 'cancelPayment' });
  t.type(await failure(client.closeVirtualAccount('p1')), PortOneBrokenAnswer);
  t.type(await failure(client.listByStatusChange({ from: new Date(0), until: new Date(), page: 0, size: 10 })), PortOneBrokenAnswer);
  t.match(await client.listTransactions('p1'), [{ id: 'p1', transactionId: 'tx1', unverifiable: /amount/ }], 'an attempt without its money is unverifiable');
  const unavailable = await failure(client.getPayment('p1'));
  t.type(unavailable, PortOneUnavailable, 'a 5xx is PortOne being unavailable, whatever type it names');
  t.notOk(unavailable instanceof PortOneBrokenAnswer);
});
