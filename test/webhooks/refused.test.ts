import t from 'tap';
import type { TestDatabase } from '../helpers/database.js';
import { startService } from '../helpers/service.js';

const outcomes = async (database: TestDatabase) =>
  (await database.db.selectFrom('webhook_receipts').select('outcome').orderBy('id').execute()).map((row) => row.outcome);

const deliver = (url: string, body: string, contentType = 'application/json') =>
  fetch(`${url}/webhooks/iamport`, { method: 'POST', headers: { 'content-type': contentType }, body }).then((response) => response.status);

t.test('every refused delivery leaves a receipt: 400, 413, 415 and 429 alike', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '4' });
  const statuses = [
    await deliver(service.url, '{"imp_uid": 5}'),
    await deliver(service.url, JSON.stringify({ imp_uid: 'imp_big', merchant_uid: 'x'.repeat(100_000) })),
    await deliver(service.url, '<imp_uid>imp_xml</imp_uid>', 'application/xml'),
    await deliver(service.url, JSON.stringify({ imp_uid: 'imp_ok', merchant_uid: 'ord_unknown' })),
    await deliver(service.url, JSON.stringify({ imp_uid: 'imp_limited', merchant_uid: 'ord_limited' })),
  ];
  t.same(statuses, [400, 413, 415, 200, 429]);
  t.same(await outcomes(service.database), ['rejected_400', 'rejected_413', 'rejected_415', 'notFound', 'rejected_429']);
});
