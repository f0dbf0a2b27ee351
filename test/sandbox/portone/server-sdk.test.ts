import { PaymentClient } from '@portone/server-sdk/payment';
import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';

const failure = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error);

/**
 * PortOne's own server SDK against the simulator: it sends its JSON bodies without a content type, GET bodies in the
 * requestBody query parameter, and reads V2's error shape. It resolves paths against the origin, so the simulator is
 * served at the root here.
 */
t.test('@portone/server-sdk\'s PaymentClient works against the simulator', async (t) => {
  const database = await freshDatabase(t);
  const { url, control, credentials } = await startPortOneSandbox(t, database, { prefix: '' });
  const sdk = PaymentClient({ secret: credentials.apiSecret, baseUrl: url });

  await control.createPayment({ paymentId: 'sdk_1', amount: 5000 });
  t.match(await sdk.getPayment({ paymentId: 'sdk_1' }), { id: 'sdk_1', status: 'PAID', amount: { total: 5000 } });
  t.match(await sdk.cancelPayment({ paymentId: 'sdk_1', amount: 1000, currentCancellableAmount: 5000, reason: 'sdk' }), { cancellation: { status: 'SUCCEEDED', totalAmount: 1000 } });
  t.match(await failure(sdk.cancelPayment({ paymentId: 'sdk_1', amount: 1000, currentCancellableAmount: 5000, reason: 'sdk' })), {
    name: 'CancelPaymentError',
    data: { type: 'CANCELLABLE_AMOUNT_CONSISTENCY_BROKEN' },
  });
  t.match(await failure(sdk.getPayment({ paymentId: 'sdk_none' })), { name: 'GetPaymentError', data: { type: 'PAYMENT_NOT_FOUND' } });
  const listed = await sdk.getPayments({ page: { number: 0, size: 5 }, filter: { isTest: true, status: ['PARTIAL_CANCELLED'] } });
  t.match(listed, { items: [{ id: 'sdk_1' }], page: { number: 0, size: 5, totalCount: 1 } });
  t.same(await sdk.preRegisterPayment({ paymentId: 'sdk_2', totalAmount: 100, currency: 'KRW' }), {});
  await control.createPayment({ paymentId: 'sdk_3', amount: 100, status: 'VIRTUAL_ACCOUNT_ISSUED' });
  t.match(await sdk.getPaymentTransactions({ paymentId: 'sdk_3' }), { items: [{ paymentId: 'sdk_3', status: 'VIRTUAL_ACCOUNT_ISSUED' }] });
  t.match(await sdk.closeVirtualAccount({ paymentId: 'sdk_3' }), { closedAt: /\S/ });
});
