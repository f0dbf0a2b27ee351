import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { v2 } from './http.js';

const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);

t.test('faults: reset, 5xx, malformed and pgError are not carried out; lost and hang are', async (t) => {
  const database = await freshDatabase(t);
  const { url, control } = await startPortOneSandbox(t, database);
  const read = async (paymentId: string) => (await v2(url, 'GET', `/payments/${paymentId}`)).body;
  const cancel = (paymentId: string) => v2(url, 'POST', `/payments/${paymentId}/cancel`, { body: { reason: 'fault', amount: 1000 } });

  for (const kind of ['reset', '5xx', 'malformed', 'pgError'] as const) {
    t.test(`${kind}: the cancel fails and nothing is refunded`, async (t) => {
      await control.createPayment({ paymentId: `ft_${kind}`, amount: 5000 });
      await control.injectFault({ kind, count: 1, endpoint: 'cancelPayment' });
      const outcome = await failure(cancel(`ft_${kind}`));
      if (kind === 'reset') t.type(outcome, Error, 'the connection is cut');
      if (kind === 'malformed') t.type(outcome, SyntaxError, 'an answer that is not JSON');
      if (kind === '5xx' || kind === 'pgError') t.match(outcome, undefined, 'an answer came (an error status)');
      t.match(await cancel(`ft_${kind}`), { status: 200 }, 'the fault is spent');
      t.match(await read(`ft_${kind}`), { amount: { cancelled: 1000 }, cancellations: [{ totalAmount: 1000 }] }, 'only the second call was carried out');
    });
  }

  t.test('5xx and pgError answer like PortOne\'s edge and PG would', async (t) => {
    await control.createPayment({ paymentId: 'ft_answers', amount: 5000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    await control.injectFault({ kind: '5xx', count: 1, endpoint: 'getPayment' });
    t.match(await v2(url, 'GET', '/payments/ft_answers'), { status: 503 });
    await control.injectFault({ kind: 'pgError', count: 1, endpoint: 'closeVirtualAccount' });
    t.match(await v2(url, 'POST', '/payments/ft_answers/virtual-account/close'), { status: 502, body: { type: 'PG_PROVIDER', pgCode: /\S/, pgMessage: /\S/ } });
    t.match(await read('ft_answers'), { status: 'VIRTUAL_ACCOUNT_ISSUED' }, 'still open');
  });

  t.test('lost: the cancel is carried out, and the caller gets no answer', async (t) => {
    await control.createPayment({ paymentId: 'ft_lost', amount: 5000 });
    await control.injectFault({ kind: 'lost', count: 1, endpoint: 'cancelPayment' });
    t.type(await failure(cancel('ft_lost')), Error, 'the connection is cut');
    t.match(await read('ft_lost'), { status: 'PARTIAL_CANCELLED', amount: { cancelled: 1000 } }, 'carried out once');
  });

  t.test('hang: answered late, and carried out', async (t) => {
    await control.createPayment({ paymentId: 'ft_hang', amount: 5000 });
    await control.injectFault({ kind: 'hang', count: 1, ms: 300, endpoint: 'cancelPayment' });
    const started = Date.now();
    t.match(await cancel('ft_hang'), { status: 200 });
    t.ok(Date.now() - started >= 300);
  });

  t.test('faults count as calls; counters per operation; unknown kinds and endpoints are refused', async (t) => {
    await control.reset();
    await control.injectFault({ kind: 'reset', count: 2, endpoint: 'getPayment' });
    await failure(read('ft_any'));
    await failure(read('ft_any'));
    await v2(url, 'GET', '/payments/ft_any/transactions');
    t.same(await control.counters(), { getPayment: 2, getPaymentTransactions: 1 });
    await t.rejects(control.injectFault({ kind: 'reset', count: 1, endpoint: 'payments.get' as never }), /400/);
    await t.rejects(control.injectFault({ kind: 'explode' as never, count: 1 }), /400/);
  });
});
