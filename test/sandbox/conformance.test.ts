import t from 'tap';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { call, tokenOf, type Answer } from './http.js';
import { loadReference, validatorOf, type Reference } from './reference.js';

/** The operations of the reference the sandbox implements; the test fails when this and the sandbox disagree. */
const IMPLEMENTED = [
  'getToken',
  'getPaymentByImpUid',
  'getPaymentListByImpUid',
  'getPaymentByMerchantUid',
  'getAllPaymentsByMerchantUid',
  'getPaymentsByStatus',
  'cancelPayment',
  'preparePayment',
  'editPreparePayment',
  'getPaymentPrepareByMerchantUid',
  'revokeVbank',
];

/**
 * Statuses the sandbox answers that the reference does not list for the operation, each with its source. Besides
 * these, any operation answers 400 for input PostgreSQL cannot store (U+0000), which the reference is silent on.
 */
const BEYOND_THE_REFERENCE: Record<string, number[]> = {
  // a missing imp_key/imp_secret is refused apart from wrong ones (iamporter and iamport-php suites against the live API)
  getToken: [400],
  // an unknown merchant_uid is a 404 (iamporter's suite resolves it as not found, which it does only on HTTP 404)
  getPaymentPrepareByMerchantUid: [404],
  // a sorting outside the reference's enum is refused rather than ignored
  getPaymentByMerchantUid: [400],
  // more than the documented 100 ids at once is refused rather than cut short
  getPaymentListByImpUid: [400],
};

/**
 * PaymentPrepareAnnotation lists total/previous/next as required, copied from the paged list; i'mport answers
 * {merchant_uid, amount} (iamport-rest-client-python tests/test_prepare.py) and the annotation's own currency.
 */
const OVERRIDES = { PaymentPrepareAnnotation: { type: 'object', properties: { merchant_uid: { type: 'string' }, amount: { type: 'number' }, currency: { type: ['string', 'null'] } }, required: ['merchant_uid', 'amount'] } };

interface Scenario {
  operationId: string;
  what: string;
  send(): Promise<Answer>;
}

function operations(reference: Reference) {
  return Object.entries(reference.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })));
}

/** The Payments inside an answer: one, a list, or a page of them. */
function paymentsIn(response: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(response)) return response as Array<Record<string, unknown>>;
  const value = response as { imp_uid?: string; list?: unknown[] } | null;
  if (value?.imp_uid) return [value as Record<string, unknown>];
  return (value?.list as Array<Record<string, unknown>>) ?? [];
}

t.test('every operation the sandbox implements answers its documented statuses and schemas', async (t) => {
  const reference = await loadReference();
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { url, control, credentials } = sandbox;
  const token = await tokenOf(sandbox);
  const all = operations(reference);
  const byId = new Map(all.map((op) => [op.operation.operationId, op]));
  const fields = Object.keys(reference.definitions.PaymentAnnotation!.properties as object).sort();

  t.test('the sandbox implements exactly the listed operations and answers the others as unsupported', async (t) => {
    for (const { path, method, operation } of all) {
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'payment_status' ? 'paid' : `probe_${name}`));
      const answer = await call(url, method, concrete, { token, body: method === 'GET' || method === 'DELETE' ? undefined : {} });
      const unsupported = answer.status === 404 && /does not support/.test(answer.body.message ?? '');
      t.equal(!unsupported, IMPLEMENTED.includes(operation.operationId), `${method} ${path} (${operation.operationId})`);
      if (unsupported) t.same(answer.body, { code: -1, message: answer.body.message, response: null });
    }
  });

  const paid = await control.createPayment({ merchant_uid: 'ord_conf', amount: 10000 });
  const vbank = await control.createPayment({ merchant_uid: 'ord_conf_vbank', amount: 5000, status: 'ready', pay_method: 'vbank' });
  const get = (path: string, auth = true) => () => call(url, 'GET', path, { token: auth ? token : undefined });
  const send = (method: string, path: string, body: unknown, auth = true) => () => call(url, method, path, { token: auth ? token : undefined, body });
  const scenario = (operationId: string, what: string, run: () => Promise<Answer>): Scenario => ({ operationId, what, send: run });
  const scenarios: Scenario[] = [
    scenario('getToken', 'valid', send('POST', '/users/getToken', { imp_key: credentials.apiKey, imp_secret: credentials.apiSecret }, false)),
    scenario('getToken', 'wrong secret', send('POST', '/users/getToken', { imp_key: credentials.apiKey, imp_secret: 'x' }, false)),
    scenario('getToken', 'missing secret', send('POST', '/users/getToken', { imp_key: credentials.apiKey }, false)),
    scenario('getPaymentByImpUid', 'test payment, asked for', get(`/payments/${paid.imp_uid}?include_sandbox=true`)),
    scenario('getPaymentByImpUid', 'test payment, hidden', get(`/payments/${paid.imp_uid}`)),
    scenario('getPaymentByImpUid', 'no token', get(`/payments/${paid.imp_uid}`, false)),
    scenario('getPaymentListByImpUid', 'all found', get(`/payments?imp_uid[]=${paid.imp_uid}&merchant_uid[]=ord_conf_vbank`)),
    scenario('getPaymentListByImpUid', 'some found', get(`/payments?imp_uid[]=${paid.imp_uid}&imp_uid[]=imp_none`)),
    scenario('getPaymentListByImpUid', 'none found', get('/payments?imp_uid[]=imp_none')),
    scenario('getPaymentListByImpUid', 'no token', get('/payments?imp_uid[]=imp_none', false)),
    scenario('getPaymentByMerchantUid', 'found', get('/payments/find/ord_conf/paid?sorting=-updated')),
    scenario('getPaymentByMerchantUid', 'none in that status', get('/payments/find/ord_conf/failed')),
    scenario('getPaymentByMerchantUid', 'no token', get('/payments/find/ord_conf', false)),
    scenario('getAllPaymentsByMerchantUid', 'found', get('/payments/findAll/ord_conf?limit=5')),
    scenario('getAllPaymentsByMerchantUid', 'bad status', get('/payments/findAll/ord_conf/refunded')),
    scenario('getAllPaymentsByMerchantUid', 'unknown', get('/payments/findAll/ord_none')),
    scenario('getAllPaymentsByMerchantUid', 'no token', get('/payments/findAll/ord_conf', false)),
    scenario('getPaymentsByStatus', 'all, by update', get('/payments/status/all?sorting=-updated&limit=1')),
    scenario('getPaymentsByStatus', 'past the last page', get('/payments/status/all?page=99')),
    scenario('getPaymentsByStatus', 'no token', get('/payments/status/all', false)),
    scenario('cancelPayment', 'partial', send('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 1000, checksum: 10000 })),
    scenario('cancelPayment', 'stale checksum', send('POST', '/payments/cancel', { imp_uid: paid.imp_uid, amount: 1000, checksum: 10000 })),
    scenario('cancelPayment', 'no token', send('POST', '/payments/cancel', { imp_uid: paid.imp_uid }, false)),
    scenario('preparePayment', 'new', send('POST', '/payments/prepare', { merchant_uid: 'ord_conf_prep', amount: 3000 })),
    scenario('preparePayment', 'again', send('POST', '/payments/prepare', { merchant_uid: 'ord_conf_prep', amount: 3000 })),
    scenario('preparePayment', 'no token', send('POST', '/payments/prepare', { merchant_uid: 'ord_conf_prep', amount: 3000 }, false)),
    scenario('editPreparePayment', 'known', send('PUT', '/payments/prepare', { merchant_uid: 'ord_conf_prep', amount: 3500, currency: 'KRW' })),
    scenario('editPreparePayment', 'unknown', send('PUT', '/payments/prepare', { merchant_uid: 'ord_none', amount: 3500 })),
    scenario('editPreparePayment', 'no token', send('PUT', '/payments/prepare', { merchant_uid: 'ord_conf_prep', amount: 1 }, false)),
    scenario('getPaymentPrepareByMerchantUid', 'known', get('/payments/prepare/ord_conf_prep')),
    scenario('getPaymentPrepareByMerchantUid', 'unknown', get('/payments/prepare/ord_none')),
    scenario('getPaymentPrepareByMerchantUid', 'no token', get('/payments/prepare/ord_conf_prep', false)),
    scenario('revokeVbank', 'ready account', send('DELETE', `/vbanks/${vbank.imp_uid}?pg_api_key=k`, undefined)),
    scenario('revokeVbank', 'no longer ready', send('DELETE', `/vbanks/${vbank.imp_uid}?pg_api_key=k`, undefined)),
    scenario('revokeVbank', 'unknown', send('DELETE', '/vbanks/imp_none?pg_api_key=k', undefined)),
    scenario('revokeVbank', 'no token', send('DELETE', `/vbanks/${vbank.imp_uid}`, undefined, false)),
    ...IMPLEMENTED.map((id) => {
      const { path, method } = byId.get(id)!;
      const concrete = path.replace(/\{(\w+)\}/g, 'x%00');
      return scenario(id, 'U+0000 in the input', send(method, concrete, method === 'GET' || method === 'DELETE' ? undefined : { merchant_uid: 'a\u0000', imp_key: '\u0000', imp_secret: 'x', imp_uid: '\u0000' }));
    }),
  ];

  const produced = new Map<string, Set<number>>();
  for (const { operationId, what, send: run } of scenarios) {
    const { operation } = byId.get(operationId)!;
    const answer = await run();
    const label = `${operationId}: ${what} → ${answer.status}`;
    produced.set(operationId, (produced.get(operationId) ?? new Set()).add(answer.status));
    const allowed = [...Object.keys(operation.responses).map(Number), ...(BEYOND_THE_REFERENCE[operationId] ?? [])];
    t.ok(allowed.includes(answer.status) || (answer.status === 400 && what.startsWith('U+0000')), `${label} is documented`);
    const { code, message } = answer.body;
    t.ok(typeof code === 'number' && 'response' in answer.body && (message === null || typeof message === 'string'), `${label}: the envelope`);
    if (answer.body.code !== 0) {
      t.ok(answer.body.response === null && answer.body.message, `${label}: a refusal says why and carries nothing`);
      continue;
    }
    const ref = operation.responses[String(answer.status)]?.schema?.$ref;
    t.ok(ref, `${label}: a success has a documented schema`);
    const definition = ref!.replace('#/definitions/', '');
    const validate = validatorOf(reference, definition, OVERRIDES);
    t.ok(validate(answer.body), `${label}: matches ${definition} ${validate.errors ? JSON.stringify(validate.errors) : ''}`);
    for (const payment of paymentsIn(answer.body.response)) t.same(Object.keys(payment).sort(), fields, `${label}: the reference's Payment fields, no more`);
  }

  for (const id of IMPLEMENTED) {
    const documented = Object.keys(byId.get(id)!.operation.responses).map(Number).filter((status) => status !== 405);
    for (const status of documented) t.ok(produced.get(id)?.has(status), `${id}: documented ${status} is exercised`);
  }
});
