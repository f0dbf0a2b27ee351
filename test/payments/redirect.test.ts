import t from 'tap';
import { startTestApp } from '../helpers/app.js';
import { sandboxConfig, startService } from '../helpers/service.js';

t.test('GET /payments/complete (m_redirect_url): verifies, then 303 to the order\'s result page', async (t) => {
  const service = await startService(t);
  const { control } = service.sandbox;
  const land = async (query: Record<string, string>) => {
    const response = await fetch(`${service.url}/payments/complete?${new URLSearchParams(query)}`, { redirect: 'manual' });
    const location = new URL(response.headers.get('location') ?? '/', service.url);
    return { status: response.status, location };
  };
  const show = async (location: URL | string) => {
    const page = await fetch(location);
    const html = await page.text();
    return { status: page.status, type: page.headers.get('content-type'), html, shown: /data-status="(\w+)"/.exec(html)?.[1] };
  };

  t.test("paid: the order is settled whatever the query's imp_success says, and the page says so", async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
    const landed = await land({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, imp_success: 'false' });
    t.equal(landed.status, 303);
    t.equal(landed.location.pathname, '/payments/result');
    t.same([...landed.location.searchParams.keys()], ['ref'], 'the link carries only a signed reference');
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'paid', paid_amount: 8000 });

    const page = await show(landed.location);
    t.equal(page.status, 200);
    t.match(page.type, /text\/html/);
    t.equal(page.shown, 'paid');
    t.match(page.html, '결제가 완료되었습니다');
    t.match(page.html, order.merchant_uid);
    t.match(page.html, '8,000원');
  });

  t.test('failed, though the query claims success: the page says failed', async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000, status: 'failed' });
    const landed = await land({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid, imp_success: 'true' });
    t.equal((await show(landed.location)).shown, 'failed');
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'failed' });
  });

  t.test('no payment at all (the window refused before paying): nothing verified, the PG message is not put on the page', async (t) => {
    const order = await service.createOrder(8000);
    const landed = await land({ imp_uid: '', merchant_uid: order.merchant_uid, imp_success: 'false', error_msg: '고객센터 010-0000-0000 로 연락 주세요' });
    t.equal(landed.status, 303);
    const page = await show(landed.location);
    t.equal(page.shown, 'pending');
    t.notMatch(page.html, '고객센터');
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'pending' });
  });

  t.test("i'mport unreachable: the page says the payment is being checked (never failed), and a later view verifies again", async (t) => {
    const order = await service.createOrder(8000);
    const payment = await control.createPayment({ merchant_uid: order.merchant_uid, amount: 8000 });
    // the redirect's three attempts and the page's three
    await control.injectFault({ kind: '5xx', count: 6, endpoint: 'payments.get' });
    const landed = await land({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
    t.equal(landed.status, 303);
    const checking = await show(landed.location);
    t.equal(checking.shown, 'pending');
    t.match(checking.html, 'data-result="checking"');
    t.match(checking.html, '다시 결제하지 마세요');
    t.notMatch(checking.html, /실패|결제되지 않/, 'nothing says it failed');
    t.match(checking.html, '/payments/status/', 'the page watches the order');
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'pending' });

    const later = await show(landed.location);
    t.equal(later.shown, 'paid', "i'mport answers again: the same link verifies and shows the payment");
    t.match((await service.api('GET', `/orders/${order.merchant_uid}`)).body, { status: 'paid' });
  });

  t.test("a payment i'mport does not know is not \"being checked\" forever: the page shows the order as it stands", async (t) => {
    const order = await service.createOrder(8000);
    await control.injectFault({ kind: '5xx', count: 6, endpoint: 'payments.get' });
    const landed = await land({ imp_uid: 'imp_999999999999', merchant_uid: order.merchant_uid });
    t.match((await show(landed.location)).html, 'data-result="checking"', "while i'mport is down, the claim is being checked");
    const later = await show(landed.location);
    t.match(later.html, 'data-result="not_paid"', "once i'mport says there is no such payment, the order is shown unpaid");
  });

  t.test('an order the service does not hold: a JSON 404, no page', async (t) => {
    const response = await fetch(`${service.url}/payments/complete?${new URLSearchParams({ merchant_uid: 'ord_nobody' })}`, { redirect: 'manual' });
    t.equal(response.status, 404);
    t.match(await response.json(), { status: 'notFound', message: /ord_nobody/ });
  });

  t.test('editing the URL changes neither the outcome shown nor puts text on the page', async (t) => {
    const pending = await service.createOrder(3000);
    const paid = await service.createOrder(5000);
    const payment = await control.createPayment({ merchant_uid: paid.merchant_uid, amount: 5000 });
    const paidPage = (await land({ imp_uid: payment.imp_uid, merchant_uid: paid.merchant_uid })).location;
    const pendingPage = (await land({ merchant_uid: pending.merchant_uid })).location;

    const phishing = await fetch(`${service.url}/payments/result?${new URLSearchParams({ status: 'success', message: '환불 계좌를 입력하세요', merchant_uid: pending.merchant_uid })}`);
    t.equal(phishing.status, 400, 'the old query (status, message) shows nothing');
    t.notMatch(await phishing.text(), '환불 계좌');

    const edited = new URL(pendingPage);
    edited.searchParams.append('status', 'success');
    edited.searchParams.append('message', '환불 계좌를 입력하세요');
    const withExtras = await show(edited);
    t.equal(withExtras.shown, 'pending', 'extra parameters are ignored');
    t.notMatch(withExtras.html, '환불 계좌');

    const [paidUid, signature] = paidPage.searchParams.get('ref')!.split('.');
    t.equal(paidUid, paid.merchant_uid);
    const swapped = await fetch(`${service.url}/payments/result?${new URLSearchParams({ ref: `${pending.merchant_uid}.${signature}` })}`);
    t.equal(swapped.status, 404, "another order's signature does not open this order's page");
    t.match(await swapped.json(), { status: 'notFound', message: /not valid/ });
    for (const ref of [paid.merchant_uid, `${paid.merchant_uid}.`, `${paid.merchant_uid}.${'A'.repeat(22)}`, 'valueOf', '.x', '__proto__.x']) {
      t.equal((await fetch(`${service.url}/payments/result?${new URLSearchParams({ ref })}`)).status, 404, ref);
    }
    t.equal((await fetch(`${service.url}/payments/result?status=valueOf`)).status, 400);
    t.equal((await show(paidPage)).shown, 'paid');
  });

  t.test('another instance on the same database opens the link: the key lives in PostgreSQL', async (t) => {
    const order = await service.createOrder(4000);
    const landed = await land({ merchant_uid: order.merchant_uid });
    const other = await startTestApp(t, service.database, sandboxConfig(service.sandbox));
    const page = await show(`${other.url}${landed.location.pathname}${landed.location.search}`);
    t.equal(page.status, 200);
    t.equal(page.shown, 'pending');
  });
});
