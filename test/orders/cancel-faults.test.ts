import t from 'tap';
import { eventsOf, startService, type Service } from '../helpers/service.js';

async function paidOrder(service: Service, amount: number) {
  const order = await service.createOrder(amount);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount });
  await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
  return { merchantUid: order.merchant_uid as string, impUid: payment.imp_uid };
}

const historyAt = async (service: Service, impUid: string) =>
  ((await service.iamport.getPayment(impUid))?.cancel_history as unknown[] | undefined) ?? [];

t.test('a cancel whose answer is lost is re-read, retried with the same checksum, and refunds once', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;

  t.test("i'mport answers 5xx before refunding: one retry after the re-read refunds", async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 5000);
    await control.reset();
    await control.injectFault({ kind: '5xx', count: 1, endpoint: 'cancel' });
    const cancelled = await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'returned', amount: 2000 });
    t.match(cancelled, { status: 200, body: { status: 'partially_cancelled', cancelled_amount: 2000 } });
    t.equal((await control.counters()).cancel, 2, 'the cancel was sent twice');
    t.equal((await historyAt(service, impUid)).length, 1, 'and refunded once');
  });

  t.test("i'mport hangs past our timeout and may still refund late: never twice", async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 7000);
    await control.injectFault({ kind: 'hang', count: 1, ms: 3_500, endpoint: 'cancel' });
    const cancelled = await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'returned' });
    t.match(cancelled, { status: 200, body: { status: 'cancelled', cancelled_amount: 7000 } });
    // the hung first attempt may still run at i'mport after our retry; its stale checksum gets it refused
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const history = await historyAt(service, impUid);
    t.equal(history.length, 1, 'one refund at i\'mport');
    t.same(await eventsOf(service, merchantUid), ['order.created', 'order.paid', 'order.cancelled']);
  });

  t.test("i'mport refusing the cancel is a 409 that carries its reason", async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 3000);
    // refunded at the console and its webhook lost: our checksum (3000) is now stale
    await control.setWebhookUrl('http://127.0.0.1:9/lost');
    await control.cancel(impUid, 1000);
    await control.setWebhookUrl(`${service.url}/webhooks/iamport`);
    const refused = await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'returned', amount: 1000 });
    t.match(refused, { status: 409, body: { message: /checksum/ } });
    t.equal((await historyAt(service, impUid)).length, 1, 'nothing refunded by our call');
    const order = await service.api('GET', `/orders/${merchantUid}`);
    t.match(order.body, { status: 'partially_cancelled', cancelled_amount: 1000 }, 'the refusal brought the console refund to the order');
  });
});
