import { readFile } from 'node:fs/promises';
import AjvModule from 'ajv';
import t from 'tap';
import YAML from 'yaml';
import { Iamport, Request } from 'iamport-rest-client-nodejs';
import { freshDatabase } from '../helpers/database.js';
import { startSandbox } from '../helpers/sandbox.js';

/** The reference's PaymentAnnotation (Swagger 2.0) as JSON Schema; absent optional fields may be null, as i'mport sends them. */
async function paymentSchema() {
  const spec = YAML.parse(await readFile('/work/shared/reference/v1.openapi.yml', 'utf8').catch(() => readFile(new URL('../../../shared/reference/v1.openapi.yml', import.meta.url), 'utf8')));
  const clean = (node: unknown, required: string[] = []): unknown => {
    if (Array.isArray(node)) return node.map((item) => clean(item));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-') || key === 'description' || key === 'example') continue;
      if (key === 'maxLength' || key === 'minLength') out[key] = Number(value);
      else if (key === '$ref') out[key] = String(value).replace('#/definitions/', '#/$defs/');
      else if (key === 'properties') {
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, Record<string, unknown>>).map(([name, prop]) => {
            const converted = clean(prop) as Record<string, unknown>;
            return [name, required.includes(name) || !converted.type ? converted : { ...converted, type: [converted.type, 'null'] }];
          }),
        );
      } else out[key] = clean(value, (node as { required?: string[] }).required);
    }
    return out;
  };
  const defs = Object.fromEntries(Object.entries(spec.definitions).map(([name, def]) => [name, clean(def, (def as { required?: string[] }).required)]));
  return { $defs: defs, $ref: '#/$defs/PaymentAnnotation' };
}

t.test("the official i'mport Node client works against the sandbox, and Payments match the reference schema", async (t) => {
  const database = await freshDatabase(t);
  const sandbox = await startSandbox(t, database);
  const validate = new AjvModule.default({ strict: false, allErrors: true }).compile(await paymentSchema());
  const iamport = new Iamport({ apiKey: sandbox.credentials.apiKey, apiSecret: sandbox.credentials.apiSecret, baseUrl: sandbox.url });

  // the client's own token fetch, as its getHeaders() uses before every call
  const token = await (iamport as unknown as { getToken(): Promise<{ data: { code: number; response: { access_token: string } } }> }).getToken();
  t.equal(token.data.code, 0);
  t.type(token.data.response.access_token, 'string');

  const created = await sandbox.control.createPayment({ merchant_uid: 'ord_compat', amount: 25000 });
  const vbank = await sandbox.control.createPayment({ merchant_uid: 'ord_compat_vbank', amount: 9000, status: 'ready', pay_method: 'vbank' });
  for (const payment of [created, vbank]) t.ok(validate(payment), JSON.stringify(validate.errors));

  const got = await Request.Payments.getByImpUid({ imp_uid: created.imp_uid }).request(iamport);
  t.match(got.data, { code: 0, response: { imp_uid: created.imp_uid, amount: 25000 } });
  const found = await Request.Payments.getByMerchantUid({ merchant_uid: 'ord_compat', status: 'paid', sorting: '-started' } as never).request(iamport);
  t.equal(found.data.response.imp_uid, created.imp_uid);
  const cancelled = await Request.Payments.cancel({ imp_uid: created.imp_uid, amount: 5000, checksum: 25000, reason: 'compat' } as never).request(iamport);
  t.match(cancelled.data, { code: 0, response: { cancel_amount: 5000, status: 'paid' } });
  // the client reshapes what it returns (dates, dropped fields), so the schema check reads the sandbox's own answer
  const raw = (await (await fetch(`${sandbox.url}/payments/${created.imp_uid}`, { headers: { authorization: token.data.response.access_token } })).json()) as { response: unknown };
  t.ok(validate(raw.response), JSON.stringify(validate.errors));
  t.match(raw.response, { cancel_history: [{ amount: 5000, reason: 'compat' }] });
});
