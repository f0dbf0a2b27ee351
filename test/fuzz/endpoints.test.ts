import fc from 'fast-check';
import t from 'tap';
import { startService } from '../helpers/service.js';
import { TEST_API_KEY } from '../helpers/app.js';

const ROUTES: Array<[string, string]> = [
  ['POST', '/orders'],
  ['GET', '/orders'],
  ['GET', '/orders/ord_fuzz'],
  ['POST', '/orders/ord_fuzz/cancel'],
  ['POST', '/orders/ord_fuzz/sync'],
  ['GET', '/events'],
  ['POST', '/payments/complete'],
  ['GET', '/payments/complete'],
  ['GET', '/payments/result'],
  ['GET', '/payments/status/ord_fuzz.AAAAAAAAAAAAAAAAAAAAAA'],
  ['POST', '/webhooks/iamport'],
];

const fieldValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.constantFrom(null, true, [], {}, -1, 0, 1e20, '1000', 'imp_000000000001', 'ord_fuzz'),
  fc.string({ minLength: 3000, maxLength: 9000 }),
  // any UTF-16 units (NUL, lone surrogates) and long text of whole characters, emoji included, that is cut somewhere
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', minLength: 1000, maxLength: 2000 }),
);
const bodyObject = fc.dictionary(
  fc.constantFrom('amount', 'name', 'buyer', 'metadata', 'reason', 'imp_uid', 'merchant_uid', 'status', 'limit', 'pay_methods', '__proto__', 'x'),
  fieldValue,
);
const rawBody = fc.oneof(
  bodyObject.map((value) => ({ text: JSON.stringify(value), type: 'application/json' })),
  fc.jsonValue().map((value) => ({ text: JSON.stringify(value), type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'application/json' })),
  fc.string({ maxLength: 200 }).map((text) => ({ text, type: 'text/plain' })),
  fc.constant({ text: 'x'.repeat(70_000), type: 'application/json' }),
  // shaped like i'mport's notification, so that it gets past validation and is recorded, with anything beside it
  fc.record({ imp_uid: fc.string({ minLength: 1, maxLength: 30 }), merchant_uid: fc.constant('ord_fuzz'), status: fc.constant('paid'), memo: fieldValue })
    .map((value) => ({ text: JSON.stringify(value), type: 'application/json' })),
);
const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'after', 'imp_uid', 'merchant_uid', 'message', 'ref', 'wait', 'version'), fc.string({ maxLength: 30 }));

t.test('random bodies, types and sizes never produce a 5xx, and every error is JSON with a message', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '1000000', INTERNAL_RATE_LIMIT: '1000000' });
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...ROUTES), rawBody, query, fc.boolean(), async ([method, path], body, params, withKey) => {
      const search = new URLSearchParams(params).toString();
      const response = await fetch(`${service.url}${path}${method === 'GET' && search ? `?${search}` : ''}`, {
        method,
        redirect: 'manual',
        headers: { ...(method === 'POST' ? { 'content-type': body.type } : {}), ...(withKey ? { authorization: `Bearer ${TEST_API_KEY}` } : {}) },
        body: method === 'POST' ? body.text : undefined,
      });
      const text = await response.text();
      if (response.status >= 500) throw new Error(`${method} ${path} → ${response.status}: ${text}`);
      if (response.status >= 400) {
        const parsed = JSON.parse(text) as { message?: unknown };
        if (typeof parsed.message !== 'string' || !parsed.message) throw new Error(`no message: ${text}`);
        if (/at \w+ \(|SELECT |INSERT /i.test(text)) throw new Error(`internals leaked: ${text}`);
      }
    }),
    // a counterexample is reported as found: shrinking kilobytes of text would outlast the test's timeout
    { numRuns: 300, endOnFailure: true },
  );
  t.pass('300 random requests, no 5xx');
});
