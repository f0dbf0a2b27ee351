import t from 'tap';
import { Upstream } from '../../../src/errors.js';
import { PortOneClient, type PortOneClientOptions } from '../../../src/providers/portone/client.js';
import { PortOneRefused, PortOneUnavailable } from '../../../src/providers/portone/errors.js';
import { isUnverifiable, type PortOnePayment } from '../../../src/providers/portone/schemas.js';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { checkout, requestParams } from '../../sandbox/portone/checkout.js';

/** what a call rejected with (undefined if it resolved) */
const failure = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error);

t.test('the V2 client against the simulator', async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startPortOneSandbox(t, database);
  const { control } = sandbox;
  const client = (options: Partial<PortOneClientOptions> = {}) => {
    const instance = new PortOneClient({ apiUrl: sandbox.url, apiSecret: sandbox.credentials.apiSecret, ...options });
    t.teardown(() => instance.close());
    return instance;
  };
  const portone = client();
  const verified = (payment: unknown) => payment as PortOnePayment;

  t.test('getPayment: the money fields as documented, null when unknown, the base URL\'s path kept', async (t) => {
    const { transaction } = await control.createPayment({ paymentId: 'cl_1', amount: 4000, customData: { order: 1 } });
    const payment = verified(await portone.getPayment('cl_1'));
    t.match(payment, { id: 'cl_1', transactionId: transaction.id, status: 'PAID', amount: { total: 4000, cancelled: 0, paid: 4000 }, currency: 'KRW', channel: { type: 'TEST' }, customData: '{"order":1}', cancellations: [] });
    t.notOk(isUnverifiable(payment));
    t.equal(await portone.getPayment('cl_none'), null);
    t.same(await portone.listTransactions('cl_none'), []);
  });

  t.test('a broken money field makes the payment unverifiable, naming it; a broken informative field does not', async (t) => {
    await control.createPayment({ paymentId: 'cl_2', amount: 4000 });
    const cases: Array<[Record<string, unknown>, string[], RegExp]> = [
      [{ 'amount.total': '4000' }, [], /amount\.total.*"4000"/],
      [{ 'amount.cancelled': 1.5 }, [], /amount\.cancelled/],
      [{}, ['currency'], /currency/],
      [{ status: 'REFUNDED' }, [], /status/],
      [{ 'channel.type': 'PRODUCTION' }, [], /channel\.type/],
      [{}, ['channel'], /channel/],
      [{ cancellations: [{ id: 'c1', status: 'SUCCEEDED', totalAmount: '100' }] }, [], /cancellations\.0\.totalAmount/],
    ];
    for (const [fields, remove, why] of cases) {
      await control.overwrite('cl_2', fields, remove);
      const payment = await portone.getPayment('cl_2');
      t.ok(payment && isUnverifiable(payment), JSON.stringify([fields, remove]));
      t.match(payment, { id: 'cl_2', unverifiable: why });
    }
    await control.overwrite('cl_2', { orderName: 12, method: 'card', paidAt: false, id: null });
    t.match(await portone.getPayment('cl_2'), { id: 'cl_2', status: 'PAID', amount: { total: 4000 } }, 'informative fields are read leniently; the id asked for names it');
    await control.overwrite('cl_2', {});
  });

  t.test('listTransactions: every attempt with its own status and amount', async (t) => {
    const first = await control.createPayment({ paymentId: 'cl_3', amount: 500, status: 'FAILED' });
    const second = await control.createPayment({ paymentId: 'cl_3', amount: 600, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    t.match(await portone.listTransactions('cl_3'), [
      { id: 'cl_3', transactionId: first.transaction.id, status: 'FAILED', amount: { total: 500 } },
      { id: 'cl_3', transactionId: second.transaction.id, status: 'VIRTUAL_ACCOUNT_ISSUED', amount: { total: 600 }, method: { type: 'PaymentMethodVirtualAccount', accountNumber: /\S/ } },
    ]);
  });

  t.test('preRegister pins the amount; a lost answer is retried; a paid payment refuses it', async (t) => {
    await control.reset();
    await control.injectFault({ kind: 'lost', count: 1, endpoint: 'preRegisterPayment' });
    await portone.preRegister('cl_4', 3000, 'KRW');
    t.equal((await control.counters()).preRegisterPayment, 2, 'sent again after the lost answer');
    t.match((await checkout(sandbox.url, requestParams('cl_4', { totalAmount: 300 }), 'approve')).body.response, { code: 'AmountNotEqualToPredefined' });
    t.notOk((await checkout(sandbox.url, requestParams('cl_4', { totalAmount: 3000 }), 'approve')).body.response.code);
    t.match(await failure(portone.preRegister('cl_4', 3000, 'KRW')), { type: 'ALREADY_PAID', httpStatus: 409 });
  });

  t.test('cancel: the cancellation, SUCCEEDED or REQUESTED; refusals typed; never retried', async (t) => {
    await control.createPayment({ paymentId: 'cl_5', amount: 10000 });
    t.match(await portone.cancel({ paymentId: 'cl_5', amount: 1000, currentCancellableAmount: 10000, reason: 'refund:1' }), { status: 'SUCCEEDED', totalAmount: 1000, reason: 'refund:1', id: /\S/ });
    const stale = await failure(portone.cancel({ paymentId: 'cl_5', amount: 1000, currentCancellableAmount: 10000, reason: 'refund:2' }));
    t.type(stale, PortOneRefused);
    t.match(stale, { type: 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN', httpStatus: 409, endpoint: 'cancelPayment' });
    await control.setAsyncCancels('cl_5');
    t.match(await portone.cancel({ paymentId: 'cl_5', amount: 2000, currentCancellableAmount: 9000, reason: 'refund:3' }), { status: 'REQUESTED', totalAmount: 2000 });
    t.match(verified(await portone.getPayment('cl_5')).cancellations, [{ status: 'SUCCEEDED', reason: 'refund:1' }, { status: 'REQUESTED', reason: 'refund:3' }]);

    for (const kind of ['5xx', 'reset', 'malformed', 'lost'] as const) {
      await control.createPayment({ paymentId: `cl_5_${kind}`, amount: 5000 });
      await control.reset();
      await control.injectFault({ kind, count: 1, endpoint: 'cancelPayment' });
      const error = await failure(portone.cancel({ paymentId: `cl_5_${kind}`, amount: 1000, currentCancellableAmount: 5000, reason: 'x' }));
      t.type(error, PortOneUnavailable, `${kind}: unavailable`);
      t.type(error, Upstream, `${kind}: a 503 to our callers`);
      t.equal((await control.counters()).cancelPayment, 1, `${kind}: sent once`);
      t.match(verified(await portone.getPayment(`cl_5_${kind}`)).amount.cancelled, kind === 'lost' ? 1000 : 0, `${kind}: carried out only when the answer was lost`);
    }
    await control.injectFault({ kind: 'pgError', count: 1, endpoint: 'cancelPayment' });
    t.match(await failure(portone.cancel({ paymentId: 'cl_5_5xx', currentCancellableAmount: 5000, reason: 'x' })), { type: 'PG_PROVIDER', httpStatus: 502, pg: { pgCode: /\S/ } });
  });

  t.test('closeVirtualAccount: closedAt; not waiting for a deposit is refused; never retried', async (t) => {
    await control.createPayment({ paymentId: 'cl_6', amount: 7000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    t.match(await portone.closeVirtualAccount('cl_6'), { closedAt: /^\d{4}-/ });
    t.match(await failure(portone.closeVirtualAccount('cl_6')), { type: 'PAYMENT_NOT_WAITING_FOR_DEPOSIT', httpStatus: 409 });
    await control.reset();
    await control.injectFault({ kind: '5xx', count: 1, endpoint: 'closeVirtualAccount' });
    t.type(await failure(portone.closeVirtualAccount('cl_6')), PortOneUnavailable);
    t.equal((await control.counters()).closeVirtualAccount, 1);
  });

  t.test('reads are retried within bounds; a wrong secret is not retried; a hung answer times out', async (t) => {
    await control.reset();
    await control.injectFault({ kind: '5xx', count: 2, endpoint: 'getPayment' });
    t.match(await portone.getPayment('cl_1'), { status: 'PAID' });
    t.equal((await control.counters()).getPayment, 3);
    await control.reset();
    await control.injectFault({ kind: 'reset', count: 5, endpoint: 'getPaymentTransactions' });
    t.type(await failure(portone.listTransactions('cl_1')), PortOneUnavailable);
    t.equal((await control.counters()).getPaymentTransactions, 3, 'three attempts in all');
    await control.reset();
    t.match(await failure(client({ apiSecret: 'wrong' }).getPayment('cl_1')), { reason: /secret/ });
    t.equal((await control.counters()).getPayment, 1);
    await control.reset();
    await control.injectFault({ kind: 'hang', ms: 1500, count: 1, endpoint: 'getPayment' });
    t.match(await client({ timeoutMs: 300 }).getPayment('cl_1'), { status: 'PAID' }, 'the hung attempt timed out and the next answered');
    t.equal((await control.counters()).getPayment, 2);
    await control.injectFault({ kind: 'malformed', count: 1, endpoint: 'getPayment' });
    t.match(await portone.getPayment('cl_1'), { status: 'PAID' }, 'an unparseable answer is retried like an unavailable one');
  });

  t.test('a sub-store: its storeId goes with every call, and another store is refused', async (t) => {
    t.match(await client({ storeId: sandbox.credentials.storeId }).getPayment('cl_1'), { status: 'PAID' });
    const other = client({ storeId: 'store-other' });
    t.match(await failure(other.getPayment('cl_1')), { type: 'FORBIDDEN', httpStatus: 403 });
    t.match(await failure(other.cancel({ paymentId: 'cl_1', currentCancellableAmount: 4000, reason: 'x' })), { type: 'FORBIDDEN' });
    t.match(await failure(other.listByStatusChange({ from: new Date(0), until: new Date(), page: 0, size: 10 })), { type: 'FORBIDDEN' });
  });

  t.test('listByStatusChange: pages of changes oldest first, test payments included, within 60000', async (t) => {
    const from = new Date();
    for (let i = 0; i < 5; i += 1) await control.createPayment({ paymentId: `cl_7_${i}`, amount: 100 + i, channel: i % 2 ? 'LIVE' : 'TEST' });
    await control.overwrite('cl_7_3', { 'amount.total': null });
    const until = new Date();
    const first = await portone.listByStatusChange({ from, until, page: 0, size: 3 });
    const second = await portone.listByStatusChange({ from, until, page: 1, size: 3 });
    t.same([...first.payments, ...second.payments].map((p) => p.id), ['cl_7_0', 'cl_7_1', 'cl_7_2', 'cl_7_3', 'cl_7_4']);
    t.match([first.full, second.full], [true, false]);
    t.match(second.payments[0], { id: 'cl_7_3', unverifiable: /amount\.total/ });
    t.match(first.payments[1], { channel: { type: 'LIVE' } });
    t.type(await failure(portone.listByStatusChange({ from, until, page: 600, size: 100 })), RangeError);
    await control.overwrite('cl_7_3', {});
  });

  t.test('a listed payment too broken to name its paymentId is counted, not hidden', async (t) => {
    await control.createPayment({ paymentId: 'cl_8', amount: 100 });
    await control.overwrite('cl_8', { id: null });
    const page = await portone.listByStatusChange({ from: new Date(Date.now() - 60_000), until: new Date(), page: 0, size: 100 });
    t.equal(page.unnamed, 1);
    t.notOk(page.payments.some((p) => p.id === 'cl_8'));
  });
});
