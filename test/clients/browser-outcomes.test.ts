import vm from 'node:vm';
import { build, type BuildOptions } from 'esbuild';
import fc from 'fast-check';
import t from 'tap';

/**
 * The kit's first verdict against any answer the service might give: random statuses and bodies for
 * `POST /payments/complete` (or none at all), a random status of the order, for a V1 payment (`imp_uid`) or a V2 one
 * (`payment_id`), after a window that said the payment failed or did not. The kit runs as the script-tag build, in a
 * context whose fetch is the fake service; it is stopped once it has said its first outcome.
 */
const KIT = new URL('../../clients/browser/', import.meta.url);
const UNPAID = new Set(['refused', 'closed', 'forgery_refunded', 'expired']);
const VBANK = { num: 'T1', bank_name: 'KB국민은행', holder: '（주）상점', due_at: '2026-12-06T07:41:00.000Z' };

async function kitScript(): Promise<string> {
  const { bundles } = (await import(new URL('build.mjs', KIT).href)) as { bundles: Record<string, BuildOptions> };
  return (await build({ ...bundles.iife, write: false })).outputFiles![0]!.text;
}

interface Answer {
  http: number | 'network';
  status?: string;
  withOrder: boolean;
}
type StatusOutcome = 'paid' | 'awaiting_deposit' | 'failed' | 'refunded_forgery' | 'not_paid' | 'cancelled' | 'network';

const answer = fc.record({
  http: fc.constantFrom<Answer['http']>(200, 400, 404, 409, 429, 500, 502, 503, 504, 'network'),
  status: fc.option(fc.constantFrom('success', 'vbankIssued', 'cancelled', 'failed', 'forgery', 'duplicate', 'notFound', 'unavailable', 'invalid', 'unverifiable', 'whatever'), { nil: undefined }),
  withOrder: fc.boolean(),
});
const statusOutcome = fc.constantFrom<StatusOutcome>('paid', 'awaiting_deposit', 'failed', 'refunded_forgery', 'not_paid', 'cancelled', 'network');
/** what the buyer came back with: the PSP's id of the payment, and the window's words when it said the payment failed */
interface Claim {
  provider: 'iamport' | 'portone';
  failure: string | undefined;
}
const claim = fc.record({
  provider: fc.constantFrom<Claim['provider']>('iamport', 'portone'),
  failure: fc.option(fc.constantFrom('사용자가 결제를 취소하셨습니다', '[1001] 한도초과', '사전 등록된 결제 정보와 요청한 금액이 일치하지 않습니다.', ''), { nil: undefined }),
});

/**
 * API.md's table, read as the kit must: the verdicts it may give for each answer; anything else is "not confirmed".
 * "Not paid" needs the service to say so, and either the window or the order's status to agree (a V2 payment the window
 * reported paid may still be pending at the PG); "no such payment" counts as "not paid" only after a window that failed.
 */
function allowed(given: Answer, order: StatusOutcome, { failure }: Claim): string[] {
  const orderSays = order === 'paid' ? ['paid'] : order === 'awaiting_deposit' ? ['awaiting_deposit'] : [];
  const unpaid = orderSays.length ? orderSays : failure !== undefined || order === 'failed' ? ['refused', 'closed'] : ['not_confirmed'];
  switch (`${given.http} ${given.status}`) {
    case '200 success':
      return ['paid'];
    case '200 vbankIssued':
      return [given.withOrder ? 'awaiting_deposit' : 'not_confirmed'];
    case '200 cancelled':
      return ['cancelled'];
    case '409 duplicate':
      return ['already_paid'];
    case '400 failed':
      return unpaid;
    case '404 notFound':
      return failure === undefined ? ['not_confirmed'] : unpaid;
    case '400 forgery':
      return orderSays.length ? orderSays : ['forgery_refunded'];
    default:
      return ['not_confirmed'];
  }
}

function fakeService(given: Answer, order: StatusOutcome, posted: unknown[]) {
  const json = (http: number, body: unknown) => Promise.resolve({ status: http, json: () => Promise.resolve(body) });
  return (url: string, init?: { method?: string; body?: string }) => {
    if (init?.method === 'POST') {
      posted.push(JSON.parse(init.body!));
      if (given.http === 'network') return Promise.reject(new TypeError('network error'));
      const body = { status: given.status, message: '[1001] 한도초과', ...(given.withOrder ? { order: { amount: 9000, imp_uid: 'imp_1', vbank: VBANK } } : {}) };
      return json(given.http, body);
    }
    if (order === 'network') return Promise.reject(new TypeError('network error'));
    void url;
    return json(200, { status: 'x', amount: 9000, paid_amount: order === 'paid' ? 9000 : 0, cancelled_amount: 0, vbank: order === 'awaiting_deposit' ? VBANK : null, updated_at: '', outcome: order, version: 2 });
  };
}

t.test("the kit's first outcome follows API.md's table, and no order the service shows paid is called unpaid", async (t) => {
  const script = await kitScript();
  await fc.assert(
    fc.asyncProperty(answer, statusOutcome, claim, async (given, order, came) => {
      const posted: unknown[] = [];
      const context = vm.createContext({ fetch: fakeService(given, order, posted), URL, AbortController, setTimeout, clearTimeout, location: { href: 'https://shop.example/' } });
      vm.runInContext(script, context);
      const stop = new AbortController();
      const ids = came.provider === 'portone' ? { payment_id: 'ord1234567' } : { imp_uid: 'imp_1' };
      const first = await new Promise<string>((resolve) => {
        const kit = context.PaymentCheckout as { watch: (order: object, options: object) => Promise<unknown> };
        void kit.watch({ merchant_uid: 'ord1234567', status_url: 'https://pay.example/payments/status/ord1234567.x' }, {
          ...ids,
          ...(came.failure === undefined ? {} : { failure: came.failure }),
          signal: stop.signal,
          onOutcome: (outcome: { kind: string }) => (stop.abort(), resolve(outcome.kind)),
        });
      });
      const said = `${JSON.stringify(given)} with the order ${order} after ${JSON.stringify(came)}: the kit said ${first}`;
      if (!allowed(given, order, came).includes(first)) throw new Error(said);
      if (order === 'paid' && UNPAID.has(first)) throw new Error(`a paid order was called ${first}`);
      const body = came.provider === 'portone' ? { payment_id: 'ord1234567' } : { imp_uid: 'imp_1', merchant_uid: 'ord1234567' };
      if (JSON.stringify(posted[0]) !== JSON.stringify(body)) throw new Error(`${said}, having posted ${JSON.stringify(posted[0])}`);
    }),
    { numRuns: 600 },
  );
  t.pass('600 random answers');
});
