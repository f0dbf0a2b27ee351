import t from 'tap';
import { Iamport, Request } from 'iamport-rest-client-nodejs';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';
import { loadReference, validatorOf } from './reference.js';

t.test("the official i'mport Node client works against the sandbox, and Payments match the reference schema", async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const reference = await loadReference();
  const validate = validatorOf(reference, 'PaymentAnnotation');
  const fields = Object.keys(reference.definitions.PaymentAnnotation!.properties as object).sort();
  const iamport = new Iamport({ apiKey: sandbox.credentials.apiKey, apiSecret: sandbox.credentials.apiSecret, baseUrl: sandbox.url });

  // the client's own token fetch, as its getHeaders() uses before every call
  const token = await (iamport as unknown as { getToken(): Promise<{ data: { code: number; response: { access_token: string } } }> }).getToken();
  t.equal(token.data.code, 0);
  t.type(token.data.response.access_token, 'string');

  // a real-channel payment: this client has no include_sandbox, and i'mport hides test payments from it
  const created = await sandbox.control.createPayment({ merchant_uid: 'ord_compat', amount: 25000, sandbox: false });
  const vbank = await sandbox.control.createPayment({ merchant_uid: 'ord_compat_vbank', amount: 9000, status: 'ready', pay_method: 'vbank' });
  for (const payment of [created, vbank]) {
    t.ok(validate(payment), JSON.stringify(validate.errors));
    t.same(Object.keys(payment).sort(), fields, `exactly the reference's ${fields.length} fields`);
  }

  const got = await Request.Payments.getByImpUid({ imp_uid: created.imp_uid }).request(iamport);
  t.match(got.data, { code: 0, response: { imp_uid: created.imp_uid, amount: 25000 } });
  const found = await Request.Payments.getByMerchantUid({ merchant_uid: 'ord_compat', status: 'paid', sorting: '-started' } as never).request(iamport);
  t.equal(found.data.response.imp_uid, created.imp_uid);
  const cancelled = await Request.Payments.cancel({ imp_uid: created.imp_uid, amount: 5000, checksum: 25000, reason: 'compat' } as never).request(iamport);
  t.match(cancelled.data, { code: 0, response: { cancel_amount: 5000, status: 'paid' } });
  // the client reshapes what it returns (dates, dropped fields), so the schema check reads the sandbox's own answer
  const raw = (await (await fetch(`${sandbox.url}/payments/${created.imp_uid}`, { headers: { authorization: token.data.response.access_token } })).json()) as { response: unknown };
  t.ok(validate(raw.response), JSON.stringify(validate.errors));
  t.same(Object.keys(raw.response as object).sort(), fields, 'no field of our own (notice_url) in the answer');
  t.match(raw.response, { cancel_history: [{ amount: 5000, reason: 'compat' }] });
});
