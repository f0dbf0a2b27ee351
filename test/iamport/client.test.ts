import t from 'tap';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import { Upstream } from '../../src/errors.js';
import { IamportClient } from '../../src/providers/iamport/client.js';
import { IamportRefused, IamportUnavailable } from '../../src/providers/iamport/errors.js';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { startStubIamport } from './stub.js';

/** what a call rejected with (undefined if it resolved) */
const failure = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => error);

t.test("the client against the sandbox's REST API", async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const { control } = sandbox;
  const client = (apiSecret = sandbox.credentials.apiSecret) => {
    const instance = new IamportClient({ apiUrl: sandbox.url, apiKey: sandbox.credentials.apiKey, apiSecret });
    t.teardown(() => instance.close());
    return instance;
  };
  const iamport = client();
  const paid = await control.createPayment({ merchant_uid: 'ord_client_1', amount: 4000 });

  t.test('one token for many concurrent requests (single-flight)', async (t) => {
    await control.reset();
    const fresh = client();
    const answers = await Promise.all(Array.from({ length: 40 }, () => fresh.getPayment(paid.imp_uid)));
    t.ok(answers.every((p) => p?.imp_uid === paid.imp_uid && p.amount === 4000));
    t.match(await control.counters(), { getToken: 1, 'payments.get': 40 });
  });

  t.test('not found is null; i\'mport has the latest payment of an order', async (t) => {
    t.equal(await iamport.getPayment('imp_does_not_exist'), null);
    t.equal(await iamport.findPayment('ord_nobody'), null);
    t.equal(await iamport.getPrepared('ord_nobody'), null);
    t.match(await iamport.findPayment('ord_client_1'), { imp_uid: paid.imp_uid, status: 'paid' });
    t.equal(await iamport.findPayment('ord_client_1', 'failed'), null);
  });

  t.test('a refusal (HTTP 200, code ≠ 0) is IamportRefused with i\'mport\'s message', async (t) => {
    await iamport.prepare('ord_client_2', 1000);
    await iamport.prepare('ord_client_2', 1000); // a retried prepare that already landed is fine
    t.match(await iamport.getPrepared('ord_client_2'), { merchant_uid: 'ord_client_2', amount: 1000 });
    t.type(await failure(iamport.prepare('ord_client_2', 2000)), IamportRefused);
    const stale = await failure(iamport.cancel({ impUid: paid.imp_uid, amount: 100, checksum: 1, reason: 'test' }));
    t.type(stale, IamportRefused);
    t.match(stale, { endpoint: 'cancel', pspMessage: /checksum/ });
  });

  t.test('cancel is never retried blindly; reads are', async (t) => {
    await control.reset();
    await control.injectFault({ kind: '5xx', count: 1, endpoint: 'cancel' });
    t.type(await failure(iamport.cancel({ impUid: paid.imp_uid, amount: 100, checksum: 4000, reason: 'test' })), IamportUnavailable);
    t.equal((await control.counters()).cancel, 1, 'sent once');
    t.match(await iamport.getPayment(paid.imp_uid), { cancel_amount: 0 });

    await control.injectFault({ kind: '5xx', count: 2, endpoint: 'payments.get' });
    t.match(await iamport.getPayment(paid.imp_uid), { imp_uid: paid.imp_uid }, 'two 5xx are absorbed');
    t.equal((await control.counters())['payments.get'], 4, 'three attempts, then the check above');
  });

  t.test('malformed answers and wrong credentials are Upstream errors that leak nothing', async (t) => {
    await control.injectFault({ kind: 'malformed', count: 3, endpoint: 'payments.get' });
    const malformed = await failure(iamport.getPayment(paid.imp_uid));
    t.type(malformed, Upstream);
    t.match(malformed, { statusCode: 503, message: /payments\.get: unparseable answer/ });

    const wrong = await failure(client('not-the-secret').getPayment(paid.imp_uid));
    t.type(wrong, Upstream);
    t.notMatch((wrong as Error).message, /not-the-secret|SECRET/i);
  });
});

t.test('token lifetime, clock skew and a 401 (a stub i\'mport that we control)', async (t) => {
  const stub = await startStubIamport(t);

  t.test("expiry is measured on i'mport's clock: a local clock far ahead of i'mport's does not refetch", async (t) => {
    stub.tokenClock = 1_000; // i'mport says it is 1970: the token's expired_at is long past on our clock
    const client = new IamportClient({ apiUrl: stub.url, apiKey: 'k', apiSecret: 's' });
    t.teardown(() => client.close());
    for (let i = 0; i < 5; i += 1) t.ok(await client.getPayment('imp_1'));
    t.equal(stub.tokensIssued, 1);
  });

  t.test('a 401 on a cached token: one refresh, one retry', async (t) => {
    const calls: string[] = [];
    const client = new IamportClient({ apiUrl: stub.url, apiKey: 'k', apiSecret: 's', onCall: (endpoint) => calls.push(endpoint) });
    t.teardown(() => client.close());
    await client.getPayment('imp_1');
    stub.revokeTokens();
    const before = stub.tokensIssued;
    const answers = await Promise.all(Array.from({ length: 10 }, () => client.getPayment('imp_1')));
    t.ok(answers.every((p) => p?.imp_uid === 'imp_1'), 'every request succeeds after the refresh');
    t.equal(stub.tokensIssued - before, 1, 'ten requests that met a 401 share one refresh');
    t.equal(calls.filter((c) => c === 'payments.get').length, 21, 'each retried once');
  });

  t.test('a 401 that persists after the refresh is an Upstream error, not a loop', async (t) => {
    const client = new IamportClient({ apiUrl: stub.url, apiKey: 'k', apiSecret: 's' });
    t.teardown(() => client.close());
    stub.rejectEveryToken = true;
    t.teardown(() => void (stub.rejectEveryToken = false));
    t.type(await failure(client.getPayment('imp_1')), IamportUnavailable);
  });
});
