import t from 'tap';
import { sql } from 'kysely';
import type { Vbank } from '../../src/db/schema.js';
import { linkExpiresAt } from '../../src/links/expiry.js';
import { startService } from '../helpers/service.js';

const DAY_MS = 86_400_000;

t.test('result links and status URLs expire: 7 days after the last change, or a day after the account is due', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const { db } = service.database;

  /** A paid order (card) or one awaiting a deposit (vbank), with its result page link and status URL. */
  const links = async (method: 'card' | 'vbank') => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000, ...(method === 'vbank' ? { status: 'ready' as const, pay_method: 'vbank' as const } : {}) });
    const landed = await fetch(`${service.url}/payments/complete?${new URLSearchParams({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid })}`, { redirect: 'manual' });
    return { merchantUid: order.merchant_uid as string, page: new URL(landed.headers.get('location')!, service.url), status: new URL(new URL(order.status_url).pathname, service.url) };
  };
  /** Moves the order's last change (and its account's due date) into the past, as time passing would. */
  const age = (merchantUid: string, changedDaysAgo: number, dueDaysAgo?: number) => {
    const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS).toISOString();
    const due = dueDaysAgo === undefined ? {} : { vbank: sql<Vbank>`jsonb_set(vbank, '{due_at}', to_jsonb(${daysAgo(dueDaysAgo)}::text))` };
    return db.updateTable('orders').set({ updated_at: daysAgo(changedDaysAgo), ...due }).where('merchant_uid', '=', merchantUid).execute();
  };

  t.test('six days after the last change both still work; eight days after, both have expired and show nothing', async (t) => {
    const { merchantUid, page, status } = await links('card');
    await age(merchantUid, 6);
    t.equal((await fetch(page)).status, 200);
    t.equal((await fetch(status)).status, 200);

    await age(merchantUid, 8);
    const expiredPage = await fetch(page);
    t.equal(expiredPage.status, 410);
    const html = await expiredPage.text();
    t.match(html, '결제 결과 링크가 만료되었습니다');
    t.match(html, 'data-result="expired_link"');
    t.notMatch(html, merchantUid, 'not even which order it was');
    t.notMatch(html, /8,000|결제가 완료/);
    const expiredStatus = await fetch(status);
    t.equal(expiredStatus.status, 410);
    t.same(Object.keys((await expiredStatus.json()) as object).sort(), ['error', 'message', 'status']);
  });

  t.test('an account due later keeps its links working until a day after the due date', async (t) => {
    const { merchantUid, page, status } = await links('vbank');
    await age(merchantUid, 10, 0.5);
    t.equal((await fetch(page)).status, 200, 'due 12 hours ago: the buyer may still look');
    t.equal((await fetch(status)).status, 200);
    await age(merchantUid, 10, 2);
    t.equal((await fetch(page)).status, 410, 'due two days ago, last changed ten days ago');
    t.equal((await fetch(status)).status, 410);
  });

  t.test('a change of the order (a refund, say) opens its links for another 7 days', async (t) => {
    const { merchantUid, page } = await links('card');
    await age(merchantUid, 8);
    t.equal((await fetch(page)).status, 410);
    await service.api('POST', `/orders/${merchantUid}/cancel`, { reason: 'returned' });
    const reopened = await fetch(page);
    t.equal(reopened.status, 200);
    t.match(await reopened.text(), '결제가 취소되었습니다');
  });
});

t.test('linkExpiresAt: the later of the two rules', async (t) => {
  const changed = '2026-12-01T00:00:00.000Z';
  const week = new Date(Date.parse(changed) + 7 * DAY_MS);
  t.same(linkExpiresAt({ updated_at: changed, vbank: null }), week);
  t.same(linkExpiresAt({ updated_at: changed, vbank: { due_at: null } }), week);
  t.same(linkExpiresAt({ updated_at: changed, vbank: { due_at: '2026-12-03T00:00:00.000Z' } }), week, 'due early: the week wins');
  t.same(linkExpiresAt({ updated_at: changed, vbank: { due_at: '2026-12-10T00:00:00.000Z' } }), new Date('2026-12-11T00:00:00.000Z'), 'due late: a day after it');
});
