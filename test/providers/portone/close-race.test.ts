import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { PORTONE_SANDBOX_CREDENTIALS } from '../../../src/config-psp.js';
import { PORTONE_ONLY_LIVE, startService } from '../../helpers/service.js';

/**
 * Found by the model test: V2 closes a payment's current account, named by the paymentId alone. When the buyer opens
 * another account between the service's check and its close, V2 closes that one; the account meant stays open and
 * must not be recorded closed.
 */
t.test('a V2 close that hit an account issued meanwhile is not taken for the close of the one meant', async (t) => {
  const service = await startService(t, PORTONE_ONLY_LIVE);
  const v2 = service.sandbox.portone.control;
  const { merchant_uid } = await service.createOrder(10_000, 'Mug', 'portone');
  const account = (age: number) =>
    v2.createPayment({ paymentId: merchant_uid, amount: 10_000, status: 'VIRTUAL_ACCOUNT_ISSUED', channel: 'LIVE', at: Math.floor(Date.now() / 1000) - age, webhook: false });
  await account(0);
  await service.post('/payments/complete', { payment_id: merchant_uid });
  // issued before the awaited one: the service closes it, while it is still the payment's current account
  const older = await account(240);
  await v2.injectFault({ kind: 'hang', endpoint: 'closeVirtualAccount', count: 1, ms: 300 });
  const synced = service.api('POST', `/orders/${merchant_uid}/sync`);
  await sleep(100);
  const meanwhile = await account(120);
  t.equal((await synced).status, 200);

  const payments = (await service.api('GET', `/orders/${merchant_uid}/payments`)).body.items as Array<{ transaction_id: string; status: string; refunds: Array<{ kind: string; state: string }> }>;
  const mine = payments.find((p) => p.transaction_id === older.transaction.id)!;
  t.equal(mine.status, 'ready', 'V2 closed the account issued meanwhile, not this one');
  t.match(mine.refunds, [{ kind: 'revoke', state: 'failed' }], 'its close is on record as refused, not done');
  const hit = await fetch(`${service.sandbox.portone.url}/payments/${merchant_uid}/transactions`, { headers: { authorization: `PortOne ${PORTONE_SANDBOX_CREDENTIALS.apiSecret}` } });
  const items = ((await hit.json()) as { items: Array<{ id: string; status: string }> }).items;
  t.match(items.find((item) => item.id === meanwhile.transaction.id), { status: 'FAILED' }, 'the world as the race left it');
});
