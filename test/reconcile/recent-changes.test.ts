import { sql } from 'kysely';
import t from 'tap';
import { passOf, recheckAt, type WalkLimits } from '../../src/reconcile/recent-changes.js';
import { newMerchantUid } from '../../src/settlement/orders.js';
import { startService, type Service } from '../helpers/service.js';

/**
 * Defects 2 and 3 of issue 20: the paid re-check ended its walk at the first page holding one payment whose own times
 * were old (i'mport's `-updated` order follows a cash receipt too), and a walk longer than its page cap never
 * completed. A console refund whose webhook was lost then stayed invisible forever.
 */

const DAY_S = 86_400;
const now = () => Math.floor(Date.now() / 1000);

async function paidOrder(service: Service, amount: number) {
  const order = await service.createOrder(amount);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount, webhook: false });
  await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
  return { merchantUid: order.merchant_uid as string, impUid: payment.imp_uid };
}

/** Other shops' payments on the same i'mport account (none of them ours), `at` seconds ago. */
async function otherShops(service: Service, count: number, agoS = 0) {
  const created = [];
  for (let i = 0; i < count; i += 1) {
    created.push(await service.sandbox.control.createPayment({ merchant_uid: newMerchantUid(), amount: 1000 + i, at: now() - agoS, webhook: false }));
  }
  return created;
}

async function startWalkAt(service: Service, watermark: number) {
  await sql`DELETE FROM reconcile_passes`.execute(service.database.db);
  await sql`INSERT INTO reconcile_passes (name, watermark, lease_until) VALUES (${passOf('iamport')}, ${watermark}, now())`.execute(service.database.db);
}

const cancelledAmount = async (service: Service, merchantUid: string) => (await service.api('GET', `/orders/${merchantUid}`)).body.cancelled_amount;

t.test('the paid re-check reads every change, however the list is ordered and however long it is', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const deps = service.app.deps.money;
  const walk = (limits: WalkLimits) => recheckAt(deps, deps.providers.of('iamport'), 1, limits);

  t.test('a payment modified without its status times moving does not end the walk', async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 9000);
    await startWalkAt(service, now() - 60);
    await control.cancel(impUid, 2000, '콘솔 환불', { webhook: false });
    await otherShops(service, 3);
    // a payment of two days ago gets a cash receipt: first in i'mport's -updated order, with old times of its own
    const [old] = await otherShops(service, 1, 2 * DAY_S);
    await control.issueCashReceipt(old!.imp_uid);
    const result = await walk({ pageSize: 2, maxPages: 10 });
    t.match(result, { complete: true });
    t.equal(await cancelledAmount(service, merchantUid), 2000, 'the console refund below it reached the order');
  });

  t.test('a walk longer than one pass goes on where it stopped, and moves the watermark only once complete', async (t) => {
    const { merchantUid, impUid } = await paidOrder(service, 8000);
    const watermark = now() - 60;
    await startWalkAt(service, watermark);
    await control.cancel(impUid, 3000, '콘솔 환불', { webhook: false });
    await otherShops(service, 7); // more changes after it than one pass reads
    const passes = [];
    for (let pass = 0; pass < 10; pass += 1) {
      const result = await walk({ pageSize: 2, maxPages: 1 });
      passes.push(result);
      if (result?.complete) break;
    }
    t.ok(passes.length >= 5, `walked across ${passes.length} passes`);
    t.match(passes.at(-1), { complete: true });
    t.equal(await cancelledAmount(service, merchantUid), 3000);
    const row = await sql<{ watermark: string; walk_cursor: unknown }>`SELECT watermark, walk_cursor FROM reconcile_passes`.execute(service.database.db);
    t.ok(Number(row.rows[0]!.watermark) > watermark, 'the watermark moved to where the walk began');
    t.equal(row.rows[0]!.walk_cursor, null);
  });

  t.test('a continued walk is due at once; a finished one waits for its interval', async (t) => {
    await startWalkAt(service, now() - 60);
    await otherShops(service, 3);
    const hourly = (limits: WalkLimits) => recheckAt(deps, deps.providers.of('iamport'), 3_600_000, limits);
    t.match(await hourly({ pageSize: 1, maxPages: 1 }), { complete: false });
    t.ok(await hourly({ pageSize: 1, maxPages: 1 }), 'continued on the next poll');
    await hourly({ pageSize: 1000, maxPages: 1 });
    t.equal(await hourly({ pageSize: 1000, maxPages: 1 }), null, 'complete: not due again within the hour');
  });

  t.test('a pass costs calls in proportion to what changed, not to what is held', async (t) => {
    await otherShops(service, 5);
    await startWalkAt(service, now() + 3600); // everything listed is older than the watermark
    const before = (await control.counters())['payments.status'] ?? 0;
    t.match(await walk({ pageSize: 2, maxPages: 10 }), { complete: true, pages: 1 });
    t.equal((await control.counters())['payments.status']! - before, 1, 'one page, whole and older: the walk ends');
  });
});
