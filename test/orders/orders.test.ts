import t from 'tap';
import { startService } from '../helpers/service.js';

t.test('internal orders API', async (t) => {
  const service = await startService(t);

  t.test('needs the API key', async (t) => {
    const res = await fetch(`${service.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    t.equal(res.status, 401);
    t.match(await res.json(), { message: /API key/ });
    t.equal((await service.api('GET', '/orders', undefined, { authorization: 'Bearer wrong' })).status, 401);
  });

  t.test('bad amounts are 400s naming the field', async (t) => {
    for (const amount of [1.5, -1, 0, '1000', 10_000_000_001, null]) {
      const res = await service.api('POST', '/orders', { amount, name: 'x' });
      t.equal(res.status, 400, `amount ${JSON.stringify(amount)}`);
      t.match(res.body.message, /amount/);
    }
    t.match(await service.api('POST', '/orders', { amount: 1000 }), { status: 400, body: { message: /name/ } });
    t.match(await service.api('POST', '/orders', { amount: 1000, name: 'x', extra: 1 }), { status: 400 });
  });

  t.test('creates unique merchant_uids and registers the amount with i\'mport', async (t) => {
    const a = await service.createOrder(1000);
    const b = await service.createOrder(1000);
    t.not(a.merchant_uid, b.merchant_uid);
    t.match(a, { status: 'pending', amount: 1000, currency: 'KRW', imp_uid: null, paid_amount: 0, cancelled_amount: 0, vbank: null });
    t.same(await service.iamport.getPrepared(a.merchant_uid), { merchant_uid: a.merchant_uid, amount: 1000 });
    t.match(await service.api('GET', `/orders/${a.merchant_uid}`), { status: 200, body: { merchant_uid: a.merchant_uid } });
    t.match(await service.api('GET', '/orders/ord_nope'), { status: 404, body: { message: /ord_nope/ } });
  });

  t.test("i'mport down at creation → 503 and no order left behind", async (t) => {
    const before = await service.database.db.selectFrom('orders').select(service.database.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await service.sandbox.control.injectFault({ kind: '5xx', count: 3, endpoint: 'prepare' });
    const res = await service.api('POST', '/orders', { amount: 1000, name: 'x' });
    t.match(res, { status: 503, body: { message: /i'mport/ } });
    const after = await service.database.db.selectFrom('orders').select(service.database.db.fn.countAll().as('n')).executeTakeFirstOrThrow();
    t.equal(Number(after.n), Number(before.n));
  });

  t.test('lists newest first with a cursor that never skips or repeats', async (t) => {
    const created = [];
    for (let i = 0; i < 7; i += 1) created.push((await service.createOrder(100 + i)).merchant_uid);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: { items: Array<{ merchant_uid: string }>; next_cursor: string | null } } = await service.api('GET', `/orders?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      t.ok(page.body.items.length <= 3);
      seen.push(...page.body.items.map((o) => o.merchant_uid));
      cursor = page.body.next_cursor;
    } while (cursor);
    t.same(seen.slice(0, 7), [...created].reverse());
    t.equal(new Set(seen).size, seen.length);
    t.equal((await service.api('GET', '/orders?limit=101')).status, 400);
    const paid = await service.api('GET', '/orders?status=paid');
    t.ok(paid.body.items.every((o: { status: string }) => o.status === 'paid'));
  });
});

t.test('refunds', async (t) => {
  const service = await startService(t);
  const order = await service.createOrder(10000);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 10000 });
  await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
  const path = `/orders/${order.merchant_uid}/cancel`;

  const partial = await service.api('POST', path, { reason: 'one item returned', amount: 3000 });
  t.match(partial, { status: 200, body: { status: 'partially_cancelled', cancelled_amount: 3000 } });
  const over = await service.api('POST', path, { reason: 'too much', amount: 8000 });
  t.match(over, { status: 400, body: { remaining: 7000, message: /7000/ } });

  const racing = await Promise.all(Array.from({ length: 10 }, () => service.api('POST', path, { reason: 'all of it' })));
  t.equal(racing.filter((r) => r.status === 200).length, 1, 'one of ten concurrent full refunds succeeds');
  t.ok(racing.every((r) => r.status === 200 || r.status === 409));
  const atIamport = await service.iamport.getPayment(payment.imp_uid);
  t.match(atIamport, { status: 'cancelled', cancel_amount: 10000 });
  t.equal((atIamport?.cancel_history as unknown[]).length, 2, 'never refunded twice');
  const final = await service.api('GET', `/orders/${order.merchant_uid}`);
  t.match(final.body, { status: 'cancelled', cancelled_amount: 10000 });
  const events = await service.api('GET', `/events?limit=100`);
  const mine = events.body.items.filter((e: { merchant_uid: string }) => e.merchant_uid === order.merchant_uid).map((e: { type: string }) => e.type);
  t.same(mine, ['order.created', 'order.paid', 'order.partially_cancelled', 'order.cancelled']);

  const vbankOrder = await service.createOrder(9000);
  const vbank = await service.sandbox.control.createPayment({ merchant_uid: vbankOrder.merchant_uid, amount: 9000, status: 'ready', pay_method: 'vbank' });
  await service.sandbox.control.deposit(vbank.imp_uid);
  await service.api('POST', `/orders/${vbankOrder.merchant_uid}/sync`);
  const vbankPath = `/orders/${vbankOrder.merchant_uid}/cancel`;
  const noAccount = await service.api('POST', vbankPath, { reason: 'returned' });
  t.match(noAccount, { status: 409, body: { message: /환불계좌/ } }, 'a deposited virtual account needs a refund account');
  const refundTo = { refund_holder: '홍길동', refund_bank: '04', refund_account: '12345678901234' };
  t.match(await service.api('POST', vbankPath, { reason: 'returned', ...refundTo }), { status: 200, body: { status: 'cancelled', cancelled_amount: 9000 } });

  const unpaid = await service.createOrder(500);
  t.equal((await service.api('POST', `/orders/${unpaid.merchant_uid}/cancel`, { reason: 'x' })).status, 409);
});
