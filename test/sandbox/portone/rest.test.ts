import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { v2 } from './http.js';

t.test('reading payments: the Payment, its attempts, the secret and the store', async (t) => {
  const database = await freshDatabase(t);
  const { url, control, credentials } = await startPortOneSandbox(t, database);

  t.test('a paid card payment as GET /payments/{paymentId} answers it', async (t) => {
    const { transaction } = await control.createPayment({ paymentId: 'pay_read_1', amount: 12000, orderName: '책', customData: { orderId: 7 } });
    const answer = await v2(url, 'GET', '/payments/pay_read_1');
    t.equal(answer.status, 200);
    t.match(answer.body, {
      status: 'PAID',
      id: 'pay_read_1',
      transactionId: transaction.id,
      storeId: credentials.storeId,
      version: 'V2',
      channel: { type: 'TEST', key: credentials.testChannelKey },
      amount: { total: 12000, paid: 12000, cancelled: 0, discount: 0, taxFree: 0 },
      currency: 'KRW',
      orderName: '책',
      customData: '{"orderId":7}',
      method: { type: 'PaymentMethodCard' },
      disputes: [],
      origin: { platformType: 'API' },
    });
    t.equal(answer.body.paidAt, answer.body.statusChangedAt, 'paid: its status changed when it was paid');
  });

  t.test('several attempts: the paid one is shown; the newest otherwise; /transactions lists them all, oldest first', async (t) => {
    const issued = await control.createPayment({ paymentId: 'pay_read_2', amount: 5000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    const failed = await control.createPayment({ paymentId: 'pay_read_2', amount: 5000, status: 'FAILED' });
    t.match((await v2(url, 'GET', '/payments/pay_read_2')).body, { status: 'FAILED', transactionId: failed.transaction.id }, 'the newest');
    await control.deposit('pay_read_2');
    t.match((await v2(url, 'GET', '/payments/pay_read_2')).body, { status: 'PAID', transactionId: issued.transaction.id, method: { type: 'PaymentMethodVirtualAccount' } }, 'the paid one');
    const listed = await v2(url, 'GET', '/payments/pay_read_2/transactions');
    t.match(listed.body.items, [
      { id: issued.transaction.id, paymentId: 'pay_read_2', status: 'PAID' },
      { id: failed.transaction.id, paymentId: 'pay_read_2', status: 'FAILED', failure: { reason: /거절/ } },
    ]);
  });

  t.test('refusals in V2\'s shape', async (t) => {
    t.same(await v2(url, 'GET', '/payments/pay_none'), { status: 404, body: { type: 'PAYMENT_NOT_FOUND', message: '결제 건이 존재하지 않습니다.' } });
    t.match(await v2(url, 'GET', '/payments/pay_none/transactions'), { status: 404, body: { type: 'PAYMENT_NOT_FOUND' } });
    t.match(await v2(url, 'GET', '/payments/pay_read_1', { auth: null }), { status: 401, body: { type: 'UNAUTHORIZED' } });
    t.match(await v2(url, 'GET', '/payments/pay_read_1', { auth: 'PortOne wrong' }), { status: 401, body: { type: 'UNAUTHORIZED' } });
    t.match(await v2(url, 'GET', '/payments/pay_read_1', { auth: `Bearer ${credentials.apiSecret}` }), { status: 401 }, 'the secret goes with the PortOne scheme');
    t.match(await v2(url, 'GET', '/payments/pay_read_1?storeId=store-other'), { status: 403, body: { type: 'FORBIDDEN' } });
    t.match(await v2(url, 'GET', `/payments/pay_read_1?storeId=${credentials.storeId}`), { status: 200 });
    t.match(await v2(url, 'GET', '/payments/a%00b'), { status: 400, body: { type: 'INVALID_REQUEST' } });
    t.match(await v2(url, 'POST', '/payments/pay_read_1/confirm', { body: {} }), { status: 404, body: { type: 'UNSUPPORTED_BY_SANDBOX' } });
  });
});
