import t from 'tap';
import { SANDBOX_CREDENTIALS } from '../../src/config.js';
import { parsePayment } from '../../src/providers/iamport/schemas.js';
import { sweepOnce } from '../../src/reconcile/sweeper.js';
import { eventsOf, startService, type Service } from '../helpers/service.js';

/**
 * Defect 4 of issue 20: the fields money depends on were read leniently: `sandbox: "true"` was taken as real money,
 * `currency: null` refunded a correct payment as a forgery, `amount: "5000"` was a 503 forever. Such an answer is now
 * unverifiable: never accepted, never refunded automatically, surfaced, and looked at again.
 */

const LIVE = { IAMPORT_SANDBOX: 'false', IAMPORT_API_KEY: SANDBOX_CREDENTIALS.apiKey, IAMPORT_API_SECRET: SANDBOX_CREDENTIALS.apiSecret };

const BROKEN: Array<[string, Record<string, unknown>]> = [
  ['sandbox as a string', { sandbox: 'true' }],
  ['currency null', { currency: null }],
  ['amount as a string', { amount: '5000' }],
  ['status unknown', { status: 'PAID' }],
  ['merchant_uid missing', { merchant_uid: undefined }],
  ['sandbox missing', { sandbox: undefined }],
];

t.test('the parser: each broken money field makes the payment unverifiable, and says which', async (t) => {
  const good = { imp_uid: 'imp_1', merchant_uid: 'o', amount: 5000, cancel_amount: 0, currency: 'KRW', status: 'paid', sandbox: false };
  t.notOk(parsePayment(good)?.unverifiable);
  for (const [what, fields] of BROKEN) {
    const parsed = parsePayment(JSON.parse(JSON.stringify({ ...good, ...fields })));
    t.match(parsed, { imp_uid: 'imp_1', unverifiable: new RegExp(Object.keys(fields)[0]!) }, what);
  }
  t.equal(parsePayment({ ...good, imp_uid: 5 }), null, 'without an imp_uid there is nothing to hold it by');
});

async function brokenPayment(service: Service, amount: number, fields: Record<string, unknown>) {
  const order = await service.createOrder(amount);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount, sandbox: false, webhook: false });
  const missing = Object.keys(fields).filter((field) => fields[field] === undefined);
  await service.sandbox.control.overwrite(payment.imp_uid, JSON.parse(JSON.stringify(fields)), missing);
  return { merchantUid: order.merchant_uid as string, impUid: payment.imp_uid };
}

const paymentOf = async (service: Service, merchantUid: string, impUid: string) =>
  (await service.api('GET', `/orders/${merchantUid}/payments`)).body.items.find((p: { imp_uid: string }) => p.imp_uid === impUid);

t.test('an unverifiable answer is never accepted nor refunded: 502, surfaced once, looked at again', async (t) => {
  const service = await startService(t, LIVE);
  const { control } = service.sandbox;
  const deps = service.app.deps.money;

  for (const [what, fields] of BROKEN) {
    t.test(what, async (t) => {
      const { merchantUid, impUid } = await brokenPayment(service, 5000, fields);
      const cancelsBefore = (await control.counters()).cancel ?? 0;
      const callback = await service.post('/payments/complete', { imp_uid: impUid, merchant_uid: merchantUid });
      t.match(callback, { status: 502, body: { status: 'unverifiable', message: /cannot be verified/ } });
      const webhook = await service.post('/webhooks/iamport', { imp_uid: impUid, merchant_uid: merchantUid, status: 'paid' });
      t.equal(webhook.status, 200, 'a webhook is acknowledged');
      await service.api('POST', `/orders/${merchantUid}/sync`);
      t.match((await service.api('GET', `/orders/${merchantUid}`)).body, { status: 'pending', imp_uid: null, paid_amount: 0 });
      t.match(await paymentOf(service, merchantUid, impUid), { role: 'unverifiable', refund: null, refunds: [] });
      t.equal((await control.counters()).cancel ?? 0, cancelsBefore, 'nothing was cancelled at i\'mport');
      t.same(await eventsOf(service, merchantUid), ['order.created', 'payment.unverifiable'], 'one event, however often it was seen');
    });
  }

  t.test('once i\'mport answers it properly, the sweeper settles it', async (t) => {
    const { merchantUid, impUid } = await brokenPayment(service, 6000, { amount: '6000' });
    await service.post('/payments/complete', { imp_uid: impUid, merchant_uid: merchantUid });
    await control.overwrite(impUid, { amount: 6000 });
    t.ok((await sweepOnce(deps, 0)).claimed >= 1);
    t.match((await service.api('GET', `/orders/${merchantUid}`)).body, { status: 'paid', imp_uid: impUid });
    t.match(await paymentOf(service, merchantUid, impUid), { role: 'accepted' });
  });

  t.test('on a paid order too: a second payment answered unverifiably is re-checked by the sweeper, not refunded', async (t) => {
    const order = await service.createOrder(7000);
    const first = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 7000, sandbox: false, webhook: false });
    await service.post('/payments/complete', { imp_uid: first.imp_uid, merchant_uid: order.merchant_uid });
    const second = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 7000, sandbox: false, webhook: false });
    await control.overwrite(second.imp_uid, { currency: null });
    t.match(await service.post('/payments/complete', { imp_uid: second.imp_uid, merchant_uid: order.merchant_uid }), { status: 502 });
    t.match(await paymentOf(service, order.merchant_uid, second.imp_uid), { role: 'unverifiable' });
    await control.overwrite(second.imp_uid, { currency: 'KRW' });
    await sweepOnce(deps, 0);
    t.match(await paymentOf(service, order.merchant_uid, second.imp_uid), { role: 'duplicate', status: 'cancelled' }, 'then refunded as a duplicate');
  });
});
