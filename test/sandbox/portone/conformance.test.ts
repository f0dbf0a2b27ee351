import t from 'tap';
import { freshDatabase } from '../../helpers/database.js';
import { startPortOneSandbox } from '../../helpers/portone-sandbox.js';
import { listPayments, v2, type Answer } from './http.js';
import { loadV2Reference, refName, statusOfErrorType, validators, type V2Operation, type V2Reference } from './reference.js';

/** The operations of the vendor's V2 document the simulator implements; the test fails when this and it disagree. */
const IMPLEMENTED = ['getPayment', 'getPaymentTransactions', 'getPayments', 'preRegisterPayment', 'cancelPayment', 'closeVirtualAccount'];

function operations(reference: V2Reference) {
  return Object.entries(reference.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation: operation as V2Operation })),
  );
}

const schemaOf = (operation: V2Operation, status: number) => {
  const ref = operation.responses[String(status)]?.content?.['application/json']?.schema?.$ref;
  return ref ? refName(ref) : undefined;
};

t.test('every V2 operation the simulator implements answers only documented statuses, with bodies valid against the vendor schema', async (t) => {
  const reference = await loadV2Reference();
  const validate = validators(reference);
  const database = await freshDatabase(t);
  const { url, control } = await startPortOneSandbox(t, database);
  const all = operations(reference);
  const byId = new Map(all.map((op) => [op.operation.operationId, op]));

  t.test('exactly the listed operations are implemented; the others are answered as unsupported', async (t) => {
    for (const { path, method, operation } of all) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => `probe_${name}`);
      const answer = await v2(url, method, concrete, { body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      const unsupported = answer.status === 404 && answer.body?.type === 'UNSUPPORTED_BY_SANDBOX';
      t.equal(!unsupported, IMPLEMENTED.includes(operation.operationId), `${method} ${path} (${operation.operationId})`);
    }
  });

  // a payment in every status, and the shapes a status can take (issued account, requested cancel, cash receipt, USD)
  for (const status of ['READY', 'PAY_PENDING', 'VIRTUAL_ACCOUNT_ISSUED', 'PAID', 'FAILED', 'PARTIAL_CANCELLED', 'CANCELLED'] as const) {
    await control.createPayment({ paymentId: `conf_${status}`, amount: 10000, status, customer: { name: '홍길동' }, customData: { cart: 1 } });
  }
  await control.createPayment({ paymentId: 'conf_usd', amount: 1999, currency: 'USD', channel: 'LIVE', taxFreeAmount: 0 });
  await control.createPayment({ paymentId: 'conf_account', amount: 7000, status: 'PAID', method: 'VIRTUAL_ACCOUNT' });
  await control.createPayment({ paymentId: 'conf_tries', amount: 3000, status: 'FAILED' });
  await control.createPayment({ paymentId: 'conf_tries', amount: 3000, status: 'VIRTUAL_ACCOUNT_ISSUED' });
  await control.createPayment({ paymentId: 'conf_async', amount: 9000 });
  await control.setAsyncCancels('conf_async');
  await control.issueCashReceipt('conf_PAID');
  await control.createPayment({ paymentId: 'conf_cancel', amount: 10000 });
  await control.createPayment({ paymentId: 'conf_close', amount: 10000, status: 'VIRTUAL_ACCOUNT_ISSUED' });

  const get = (path: string, auth?: null) => () => v2(url, 'GET', path, { auth });
  const post = (path: string, body: unknown, auth?: null) => () => v2(url, 'POST', path, { body, auth });
  const fault = (kind: 'pgError', endpoint: 'cancelPayment' | 'closeVirtualAccount') => control.injectFault({ kind, count: 1, endpoint });
  const scenarios: Array<[string, string, () => Promise<Answer>]> = [
    ...['READY', 'PAY_PENDING', 'VIRTUAL_ACCOUNT_ISSUED', 'PAID', 'FAILED', 'PARTIAL_CANCELLED', 'CANCELLED', 'usd', 'account'].map(
      (id): [string, string, () => Promise<Answer>] => ['getPayment', id, get(`/payments/conf_${id}`)],
    ),
    ['getPayment', 'unknown', get('/payments/conf_none')],
    ['getPayment', 'no secret', get('/payments/conf_PAID', null)],
    ['getPayment', 'another store', get('/payments/conf_PAID?storeId=store-other')],
    ['getPayment', 'U+0000', get('/payments/conf%00')],
    ['getPaymentTransactions', 'two attempts', get('/payments/conf_tries/transactions')],
    ['getPaymentTransactions', 'cancelled', get('/payments/conf_CANCELLED/transactions')],
    ['getPaymentTransactions', 'unknown', get('/payments/conf_none/transactions')],
    ['getPaymentTransactions', 'no secret', get('/payments/conf_tries/transactions', null)],
    ['getPaymentTransactions', 'another store', get('/payments/conf_tries/transactions?storeId=store-other')],
    ['getPaymentTransactions', 'U+0000', get('/payments/conf%00/transactions')],
    ['getPayments', 'all, body in the query', () => listPayments(url, { page: { number: 0, size: 50 } })],
    ['getPayments', 'body as JSON', () => v2(url, 'GET', '/payments', { body: { filter: { status: ['PAID'], isTest: true } } })],
    ['getPayments', 'past 60000', () => listPayments(url, { page: { number: 600, size: 100 } })],
    ['getPayments', 'no secret', () => listPayments(url, {}, null)],
    ['getPayments', 'another store', () => listPayments(url, { filter: { storeId: 'store-other' } })],
    ['preRegisterPayment', 'new', post('/payments/conf_pre/pre-register', { totalAmount: 5000, currency: 'KRW' })],
    ['preRegisterPayment', 'bad currency', post('/payments/conf_pre/pre-register', { totalAmount: 5000, currency: 'won' })],
    ['preRegisterPayment', 'paid already', post('/payments/conf_PAID/pre-register', { totalAmount: 5000 })],
    ['preRegisterPayment', 'no secret', post('/payments/conf_pre/pre-register', {}, null)],
    ['preRegisterPayment', 'another store', post('/payments/conf_pre/pre-register', { storeId: 'store-other' })],
    ['cancelPayment', 'partial', post('/payments/conf_cancel/cancel', { reason: 'r', amount: 1000, currentCancellableAmount: 10000 })],
    ['cancelPayment', 'stale balance', post('/payments/conf_cancel/cancel', { reason: 'r', amount: 1000, currentCancellableAmount: 10000 })],
    ['cancelPayment', 'too much', post('/payments/conf_cancel/cancel', { reason: 'r', amount: 100000 })],
    ['cancelPayment', 'the rest', post('/payments/conf_cancel/cancel', { reason: 'r' })],
    ['cancelPayment', 'again', post('/payments/conf_cancel/cancel', { reason: 'r' })],
    ['cancelPayment', 'asynchronous', post('/payments/conf_async/cancel', { reason: 'r', amount: 1000 })],
    ['cancelPayment', 'not paid', post('/payments/conf_READY/cancel', { reason: 'r' })],
    ['cancelPayment', 'no reason', post('/payments/conf_PAID/cancel', { amount: 1 })],
    ['cancelPayment', 'unknown', post('/payments/conf_none/cancel', { reason: 'r' })],
    ['cancelPayment', 'no secret', post('/payments/conf_PAID/cancel', { reason: 'r' }, null)],
    ['cancelPayment', 'another store', post('/payments/conf_PAID/cancel', { reason: 'r', storeId: 'store-other' })],
    ['cancelPayment', 'the PG refuses', async () => (await fault('pgError', 'cancelPayment'), post('/payments/conf_PAID/cancel', { reason: 'r' })())],
    ['closeVirtualAccount', 'the PG refuses', async () => (await fault('pgError', 'closeVirtualAccount'), post('/payments/conf_close/virtual-account/close', undefined)())],
    ['closeVirtualAccount', 'open', post('/payments/conf_close/virtual-account/close', undefined)],
    ['closeVirtualAccount', 'closed already', post('/payments/conf_close/virtual-account/close', undefined)],
    ['closeVirtualAccount', 'unknown', post('/payments/conf_none/virtual-account/close', undefined)],
    ['closeVirtualAccount', 'no secret', post('/payments/conf_close/virtual-account/close', undefined, null)],
    ['closeVirtualAccount', 'another store', post('/payments/conf_close/virtual-account/close?storeId=store-other', undefined)],
    ['closeVirtualAccount', 'U+0000', post('/payments/conf_close/virtual-account/close?storeId=%00', undefined)],
    ['getPayment', 'closed account', get('/payments/conf_close')],
    ['getPayment', 'requested cancel', get('/payments/conf_async')],
    ['getPayments', 'after every change', () => listPayments(url, { page: { size: 100 }, filter: { timestampType: 'CREATED_AT', sortOrder: 'ASC' } })],
  ];

  const produced = new Map<string, Set<number>>();
  for (const [operationId, what, send] of scenarios) {
    const { operation } = byId.get(operationId)!;
    const answer = await send();
    const label = `${operationId}: ${what} → ${answer.status}`;
    produced.set(operationId, (produced.get(operationId) ?? new Set()).add(answer.status));
    t.ok(Object.hasOwn(operation.responses, String(answer.status)), `${label} is documented`);
    const schema = schemaOf(operation, answer.status);
    t.ok(schema, `${label}: has a documented body`);
    const check = validate(schema!);
    t.ok(check(answer.body), `${label}: matches ${schema} ${check.errors ? JSON.stringify(check.errors.slice(0, 3)) : ''}`);
    if (answer.status >= 400) t.equal(statusOfErrorType(reference, schema!, answer.body.type), answer.status, `${label}: ${answer.body.type} has this status`);
  }

  for (const id of IMPLEMENTED) {
    for (const status of Object.keys(byId.get(id)!.operation.responses).map(Number)) t.ok(produced.get(id)?.has(status), `${id}: documented ${status} is exercised`);
  }
});
