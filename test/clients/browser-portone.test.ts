import vm from 'node:vm';
import { build, type BuildOptions } from 'esbuild';
import t from 'tap';

/**
 * What the kit asks PortOne V2's SDK for and what it tells the service, for a V2 order: the script-tag build in a
 * context whose `PortOne` records requestPayment's parameters and answers as told, and whose fetch is the service.
 */
const KIT = new URL('../../clients/browser/', import.meta.url);
const STATUS_URL = 'https://pay.example/payments/status/ord1234567.sig';
const PORTONE = { storeId: 'store-00000000-0000-4000-8000-000000000000', channelKey: 'channel-key-00000000-0000-4000-8000-00000000001e' };

async function kitScript(): Promise<string> {
  const { bundles } = (await import(new URL('build.mjs', KIT).href)) as { bundles: Record<string, BuildOptions> };
  return (await build({ ...bundles.iife, write: false })).outputFiles![0]!.text;
}

interface Run {
  params: Record<string, any>[];
  posted: Array<{ url: string; body: unknown }>;
  kit: { pay: (order: object, options: object) => Promise<{ kind: string; message: string }> };
}

/** The kit with a PortOne that answers `response`, and a service that answers `complete` and shows the order `outcome`. */
function kitWith(script: string, response: object | undefined, complete: [number, object], outcome: string, userAgent = 'Mozilla/5.0 (X11; Linux x86_64)'): Run {
  const run: Omit<Run, 'kit'> = { params: [], posted: [] };
  const json = (status: number, body: unknown) => Promise.resolve({ status, json: () => Promise.resolve(body) });
  const context = vm.createContext({
    PortOne: { requestPayment: (params: Record<string, unknown>) => (run.params.push(params), Promise.resolve(response)) },
    navigator: { userAgent },
    location: { href: 'https://shop.example/checkout' },
    fetch: (url: string, init?: { method?: string; body?: string }) => {
      if (init?.method === 'POST') return (run.posted.push({ url, body: JSON.parse(init.body!) }), json(...complete));
      return json(200, { status: 'x', amount: 25_800, paid_amount: outcome === 'paid' ? 25_800 : 0, cancelled_amount: 0, vbank: null, updated_at: '', outcome, version: 1 });
    },
    URL,
    AbortController,
    setTimeout,
    clearTimeout,
  });
  context.window = context;
  vm.runInContext(script, context);
  return { ...run, kit: context.PaymentCheckout as Run['kit'] };
}

const order = (extra: object = {}) => ({
  merchant_uid: 'ord1234567',
  name: '한정판 머그컵 x2',
  amount: 25_800,
  status_url: STATUS_URL,
  provider: 'portone',
  buyer: { name: '홍길동', email: 'buyer@example.com', tel: '010-1234-5678', addr: '서울시 중구', postcode: '04524' },
  ...extra,
});
const PAID: [number, object] = [200, { status: 'success', message: 'payment verified', order: { amount: 25_800, imp_uid: null, vbank: null } }];

t.test('a V2 order: requestPayment with the store, the channel and the order as the paymentId; then { payment_id } to the service', async (t) => {
  const script = await kitScript();
  const pc = kitWith(script, { transactionType: 'PAYMENT', txId: 'tx-1', paymentId: 'ord1234567' }, PAID, 'paid');
  t.match(await pc.kit.pay(order(), { portone: PORTONE, flow: 'pc' }), { kind: 'paid' });
  t.same(pc.params, [
    {
      ...PORTONE,
      paymentId: 'ord1234567',
      orderName: '한정판 머그컵 x2',
      totalAmount: 25_800,
      currency: 'KRW',
      payMethod: 'CARD',
      customer: { fullName: '홍길동', email: 'buyer@example.com', phoneNumber: '010-1234-5678', zipcode: '04524', address: { addressLine1: '서울시 중구', addressLine2: '' } },
      redirectUrl: 'https://pay.example/payments/complete',
    },
  ]);
  t.same(pc.posted, [{ url: 'https://pay.example/payments/complete', body: { payment_id: 'ord1234567' } }], 'only the paymentId is reported');

  const phone = kitWith(script, undefined, PAID, 'paid', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148');
  await phone.kit.pay(order(), { portone: PORTONE, pay_method: 'vbank', redirectUrl: 'https://shop.example/return' });
  t.match(phone.params[0], { payMethod: 'VIRTUAL_ACCOUNT', virtualAccount: { accountExpiry: { validHours: 72 } }, redirectUrl: 'https://shop.example/return', forceRedirect: true }, 'a phone: the redirect flow');

  const usd = kitWith(script, {}, PAID, 'paid');
  await usd.kit.pay(order({ amount: 6, currency: 'USD' }), { portone: { ...PORTONE, accountHours: 5 }, pay_method: 'vbank', params: { noticeUrls: ['https://shop.example/hook'] }, flow: 'pc' });
  t.match(usd.params[0], { totalAmount: 600, currency: 'USD', virtualAccount: { accountExpiry: { validHours: 5 } }, noticeUrls: ['https://shop.example/hook'] }, 'amounts in the minor unit');
  t.notOk('forceRedirect' in usd.params[0]!, 'PC: the SDK decides, and redirects to redirectUrl where it must');
});

t.test("a failed V2 window: the service decides, the window's words only tell a closed window from a refusal", async (t) => {
  const script = await kitScript();
  const closed = { transactionType: 'PAYMENT', txId: 'tx-1', paymentId: 'ord1234567', code: 'PGProviderError', message: '사용자가 결제를 취소하셨습니다' };
  const notCompleted: [number, object] = [400, { status: 'failed', message: 'the payment is not completed' }];
  t.match(await kitWith(script, closed, notCompleted, 'not_paid').kit.pay(order(), { portone: PORTONE, flow: 'pc' }), { kind: 'closed' });
  const predefined = { transactionType: 'PAYMENT', paymentId: 'ord1234567', code: 'AmountNotEqualToPredefined', message: '사전 등록된 결제 정보와 요청한 금액이 일치하지 않습니다.' };
  const noPayment: [number, object] = [404, { status: 'notFound', message: 'PortOne has no payment ord1234567' }];
  t.match(await kitWith(script, predefined, noPayment, 'not_paid').kit.pay(order(), { portone: PORTONE, flow: 'pc' }), { kind: 'refused', message: /사전 등록된/ });
  t.match(await kitWith(script, closed, PAID, 'paid').kit.pay(order(), { portone: PORTONE, flow: 'pc' }), { kind: 'paid' }, 'a failure code the service contradicts is not believed');

  const stop = new AbortController();
  const seen: string[] = [];
  const succeeded = kitWith(script, { transactionType: 'PAYMENT', txId: 'tx-1', paymentId: 'ord1234567' }, notCompleted, 'not_paid');
  const watching = succeeded.kit.pay(order(), { portone: PORTONE, flow: 'pc', signal: stop.signal, onOutcome: (o: { kind: string }) => (seen.push(o.kind), stop.abort()) });
  await watching;
  t.same(seen, ['not_confirmed'], 'a window that said paid and a payment not completed yet (PAY_PENDING): still checking');
});

t.test('a V2 order without the store and channel is refused before any window opens', async (t) => {
  const run = kitWith(await kitScript(), {}, PAID, 'paid');
  await t.rejects(run.kit.pay(order(), { portone: { storeId: PORTONE.storeId } }), /storeId and channelKey/);
  t.same(run.params, []);
});
