import t from 'tap';
import { startService } from '../helpers/service.js';

t.test('GET /payments/complete (m_redirect_url): verifies, then 303 to the result page', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const land = async (query: Record<string, string>) => {
    const response = await fetch(`${service.url}/payments/complete?${new URLSearchParams(query)}`, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '/', service.url);
    return { status: response.status, location };
  };

  t.test("paid: the order is settled whatever the query's imp_success says", async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
    const landed = await land({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, imp_success: 'false' });
    t.equal(landed.status, 303);
    t.equal(landed.location.pathname, '/payments/result');
    t.match(Object.fromEntries(landed.location.searchParams), { merchant_uid: order.merchant_uid, status: 'success' });
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'paid', paid_amount: 8000 });

    const page = await fetch(landed.location);
    t.equal(page.status, 200);
    t.match(page.headers.get('content-type'), /text\/html/);
    t.match(await page.text(), `data-status="success"`);
  });

  t.test('failed, though the query claims success: the result page says failed', async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000, status: 'failed' });
    const landed = await land({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, imp_success: 'true' });
    t.match(Object.fromEntries(landed.location.searchParams), { status: 'failed' });
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'failed' });
  });

  t.test('no payment at all (the window refused before paying): a failed page with the PG message, nothing verified', async (t) => {
    const order = await service.createOrder(8000);
    const landed = await land({ imp_uid: '', merchant_uid: order.merchant_uid, imp_success: 'false', error_msg: '사전 등록된 결제정보와 금액이 일치하지 않습니다.' });
    t.equal(landed.status, 303);
    t.match(Object.fromEntries(landed.location.searchParams), { status: 'failed', message: /사전 등록된/ });
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'pending' });
  });

  t.test("i'mport unreachable: still a page to land on, and the order untouched", async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
    await control.injectFault({ kind: '5xx', count: 3, endpoint: 'payments.get' });
    const landed = await land({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.equal(landed.status, 303);
    t.match(Object.fromEntries(landed.location.searchParams), { status: 'unavailable' });
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'pending' });
  });

  t.test('the result page escapes what the query carries', async (t) => {
    const page = await fetch(`${service.url}/payments/result?${new URLSearchParams({ merchant_uid: '<script>x</script>', status: 'success', message: '"><b>' })}`);
    const html = await page.text();
    t.notMatch(html, '<script>x</script>');
    t.notMatch(html, '"><b>');
  });
});
