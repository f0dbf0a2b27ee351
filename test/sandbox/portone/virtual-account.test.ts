import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { v2 } from './http.js';
import { startReceiver } from './receiver.js';

t.test('virtual accounts: issued, deposited, closed; a new attempt while one is open', async (t) => {
  const database = await freshDatabase(t);
  const hooks = await startReceiver(t);
  const { url, control } = await startPortOneSandbox(t, database, { webhookUrl: `${hooks.base}/shop` });
  const close = (paymentId: string) => v2(url, 'POST', `/payments/${paymentId}/virtual-account/close`);
  const read = async (paymentId: string) => (await v2(url, 'GET', `/payments/${paymentId}`)).body;

  t.test('an issued account shows its details; a deposit pays it and says so', async (t) => {
    const { transaction } = await control.createPayment({ paymentId: 'va_1', amount: 30000, status: 'VIRTUAL_ACCOUNT_ISSUED', accountValidHours: 24, webhook: true });
    const issued = await read('va_1');
    t.match(issued, { status: 'VIRTUAL_ACCOUNT_ISSUED', method: { type: 'PaymentMethodVirtualAccount', bank: 'KOOKMIN', accountNumber: /^T\d+$/, remitteeName: /\S/ }, amount: { paid: 0 } });
    t.equal(Date.parse(issued.method.expiredAt) - Date.parse(issued.method.issuedAt), 24 * 3_600_000);
    await control.deposit('va_1');
    t.match(await read('va_1'), { status: 'PAID', transactionId: transaction.id, amount: { paid: 30000 }, method: { type: 'PaymentMethodVirtualAccount' } });
    await control.drainWebhooks();
    t.same(hooks.received.filter((r) => r.body.data.paymentId === 'va_1').map((r) => r.body.type), ['Transaction.VirtualAccountIssued', 'Transaction.Paid']);
  });

  t.test('closing: the attempt fails as "가상계좌 말소", no webhook; closing again or a paid one is refused', async (t) => {
    await control.createPayment({ paymentId: 'va_2', amount: 10000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    const before = await read('va_2');
    const closed = await close('va_2');
    t.match(closed, { status: 200, body: { closedAt: /^\d{4}-\d{2}-\d{2}T/ } });
    t.match(await read('va_2'), { status: 'FAILED', failure: { reason: '가상계좌 말소' }, failedAt: closed.body.closedAt, statusChangedAt: closed.body.closedAt, method: before.method });
    t.match(await close('va_2'), { status: 409, body: { type: 'PAYMENT_NOT_WAITING_FOR_DEPOSIT' } });
    await t.rejects(control.deposit('va_2'), /409/, 'no deposit lands in a closed account');
    t.match(await close('va_1'), { status: 409, body: { type: 'PAYMENT_NOT_WAITING_FOR_DEPOSIT' } });
    t.match(await close('va_none'), { status: 404, body: { type: 'PAYMENT_NOT_FOUND' } });
    await control.drainWebhooks();
    t.same(hooks.received.filter((r) => r.body.data.paymentId === 'va_2'), []);
  });

  t.test('a new attempt while an account is open: the newest is shown; close acts on the open account', async (t) => {
    const account = await control.createPayment({ paymentId: 'va_3', amount: 9000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    const card = await control.createPayment({ paymentId: 'va_3', amount: 9000, status: 'READY' });
    t.match(await read('va_3'), { status: 'READY', transactionId: card.transaction.id });
    t.match(await close('va_3'), { status: 200 });
    const attempts = (await v2(url, 'GET', '/payments/va_3/transactions')).body.items;
    t.match(attempts, [{ id: account.transaction.id, status: 'FAILED' }, { id: card.transaction.id, status: 'READY' }]);
  });

  t.test('one success per paymentId: a deposit into an older account after a card payment is refused', async (t) => {
    await control.createPayment({ paymentId: 'va_4', amount: 9000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    await control.createPayment({ paymentId: 'va_4', amount: 9000 });
    await t.rejects(control.deposit('va_4'), /409.*one attempt/);
    await t.rejects(control.createPayment({ paymentId: 'va_4', amount: 9000 }), /409/);
    t.match(await read('va_4'), { status: 'PAID', method: { type: 'PaymentMethodCard' } });
  });

  t.test('an account that expires undeposited fails (control API), with Transaction.Failed', async (t) => {
    await control.createPayment({ paymentId: 'va_5', amount: 9000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
    t.match(await control.fail('va_5', { reason: '입금기한 만료' }), { payment: { status: 'FAILED', failure: { reason: '입금기한 만료' } } });
    await control.drainWebhooks();
    t.same(hooks.received.filter((r) => r.body.data.paymentId === 'va_5').map((r) => r.body.type), ['Transaction.Failed']);
  });
});
