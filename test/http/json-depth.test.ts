import t from 'tap';
import { startService } from '../helpers/service.js';

/** `levels` objects nested in one another, the innermost holding `leaf`. */
const nested = (levels: number, leaf: unknown = 1): unknown => (levels === 0 ? leaf : { a: nested(levels - 1, leaf) });
const deepText = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

async function postRaw(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

t.test('a JSON body nested deeper than 32 levels is a 400 invalid on every route; 32 levels are fine', async (t) => {
  const service = await startService(t);
  const created = await service.api('POST', '/orders', { amount: 1000, name: 'deep', metadata: nested(31) });
  t.equal(created.status, 201, '32 levels: the body and 31 inside metadata');
  const tooDeep = await service.api('POST', '/orders', { amount: 1000, name: 'deep', metadata: nested(32) });
  t.match(tooDeep, { status: 400, body: { error: 'invalid', message: /nested deeper than 32 levels/ } });
  const auth = { authorization: `Bearer ${(await import('../helpers/app.js')).TEST_API_KEY}` };
  t.match(await postRaw(`${service.url}/orders`, deepText(5000), auth), { status: 400, body: { error: 'invalid' } }, '5,000 levels: no stack overflow');
  t.match(await postRaw(`${service.url}/payments/complete`, `[${deepText(100)}]`), { status: 400, body: { status: 'invalid', message: /nested deeper/ } });
  const strings = JSON.stringify({ amount: 1000, name: '{{{{[[[['.repeat(20), metadata: { note: '\\"{[{[' } });
  t.equal((await postRaw(`${service.url}/orders`, strings, auth)).status, 201, 'brackets inside strings are text, not nesting');
});

t.test("a deep webhook delivery is refused with a 400 and audited, not a 500 that trips WebhooksFailing", async (t) => {
  const service = await startService(t);
  const answer = await postRaw(`${service.url}/webhooks/iamport`, deepText(5000));
  t.match(answer, { status: 400, body: { status: 'invalid', message: /nested deeper than 32 levels/ } });
  const receipts = await service.database.db.selectFrom('webhook_receipts').select(['outcome', 'source_ip']).execute();
  t.same(receipts, [{ outcome: 'rejected_400', source_ip: '127.0.0.1' }]);
});
