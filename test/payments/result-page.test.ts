import t from 'tap';
import { kst } from '../../src/payments/korean-text.js';
import { startService } from '../helpers/service.js';

t.test("the mobile result page is built from the order's payments, in Korean and KST", async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  /** lands as the m_redirect_url flow does, with or without a payment, and reads the page it is sent to */
  const landAndShow = async (merchantUid: string, impUid = '') => {
    const query = new URLSearchParams({ merchant_uid: merchantUid, imp_uid: impUid, imp_success: 'true' });
    const landed = await fetch(`${service.url}/payments/complete?${query}`, { redirect: 'manual' });
    const page = await fetch(new URL(landed.headers.get('location')!, service.url));
    const html = await page.text();
    const text = html.replace(/<style>[\s\S]*?<\/style>|<script>[\s\S]*?<\/script>/g, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    return { html, text, result: /data-result="(\w+)"/.exec(html)?.[1] };
  };

  t.test('a never-paid order says there is no payment, not "if you paid, it will be reflected"', async (t) => {
    const order = await service.createOrder(8000);
    const page = await landAndShow(order.merchant_uid);
    t.equal(page.result, 'not_paid');
    t.match(page.text, '결제되지 않은 주문입니다');
    t.match(page.text, '이 주문에는 결제 내역이 없습니다');
    t.notMatch(page.text, /반영|결제하셨다면/);
  });

  t.test('a caught ₩100 forgery says it was refused and refunded, with the amount', async (t) => {
    const order = await service.createOrder(8000);
    const forged = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 100 });
    const page = await landAndShow(order.merchant_uid, forged.imp_uid);
    t.equal(page.result, 'refunded_forgery');
    t.match(page.text, '결제 내용이 주문과 달라 결제를 받지 않았습니다');
    t.match(page.text, '결제하신 100원은 환불했습니다');
    t.match(page.text, '주문은 결제되지 않았습니다');
    t.notMatch(page.text, /반영|결제하셨다면/);
  });

  t.test('an issued account: bank, number, holder, amount and the deadline in KST', async (t) => {
    const order = await service.createOrder(25800);
    const account = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 25800, status: 'ready', pay_method: 'vbank' });
    const page = await landAndShow(order.merchant_uid, account.imp_uid);
    t.equal(page.result, 'awaiting_deposit');
    for (const fact of ['은행 KB국민은행', `계좌번호 ${account.vbank_num}`, '예금주 （주）샌드박스상점', '입금하실 금액 25,800원']) t.match(page.text, fact);
    t.match(page.text, `입금 기한 ${kst(new Date(account.vbank_date! * 1000).toISOString())}까지`);
    t.notMatch(page.text, /\b[AP]M\b/, 'no English meridiem inside Korean text');
    t.match(page.html, 'word-break:keep-all', 'Korean breaks between words');
    t.match(page.html, '/payments/status/', 'the page watches for the deposit');
  });

  t.test('paid twice: the order is paid, and the page says the second payment was refunded', async (t) => {
    const order = await service.createOrder(8000);
    const first = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
    await landAndShow(order.merchant_uid, first.imp_uid);
    const second = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
    const page = await landAndShow(order.merchant_uid, second.imp_uid);
    t.equal(page.result, 'paid');
    t.match(page.text, '8,000원이 결제되었습니다');
    t.match(page.text, '같은 주문에 결제가 한 번 더 되었습니다. 결제하신 8,000원은 환불했습니다');
    t.notMatch(page.html, '/payments/status/', 'a settled order is not watched');
  });

  t.test('the buyer closed the window; the PG declined: each said as it is, with the PG\'s reason', async (t) => {
    const closed = await service.createOrder(8000);
    const closedPayment = await control.createPayment({ merchant_uid: closed.merchant_uid, amount: 8000, status: 'failed', fail_reason: '[결제포기] 사용자가 결제를 취소하셨습니다' });
    t.match(await landAndShow(closed.merchant_uid, closedPayment.imp_uid), { result: 'closed', text: /결제를 취소하셨습니다/ });
    const declined = await service.createOrder(8000);
    const declinedPayment = await control.createPayment({ merchant_uid: declined.merchant_uid, amount: 8000, status: 'failed', fail_reason: '[1001] 카드 승인이 거절되었습니다 (한도초과)' });
    t.match(await landAndShow(declined.merchant_uid, declinedPayment.imp_uid), { result: 'refused', text: /결제가 승인되지 않았습니다 .*한도초과/ });
  });

  t.test('the page never carries text from the URL, and the PG\'s own text is escaped', async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000, status: 'failed', fail_reason: '<img src=x onerror=alert(1)>' });
    const page = await landAndShow(order.merchant_uid, payment.imp_uid);
    t.notMatch(page.html, '<img');
    t.match(page.html, '&#60;img');
  });
});

t.test('kst: Korean Standard Time as Korean text, whatever the runtime\'s zone and locale data', async (t) => {
  t.equal(kst('2026-12-03T06:25:00.000Z'), '2026년 12월 3일 오후 3:25');
  t.equal(kst('2026-12-31T15:05:00.000Z'), '2027년 1월 1일 오전 12:05', 'past midnight in Seoul is the next day');
  t.equal(kst('2026-06-30T03:00:00.000Z'), '2026년 6월 30일 오후 12:00', 'noon');
});
