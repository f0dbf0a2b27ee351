import vm from 'node:vm';
import { build, type BuildOptions } from 'esbuild';
import fc from 'fast-check';
import t from 'tap';

/**
 * The kit's first verdict against any answer the service might give: random statuses and bodies for
 * `POST /payments/complete` (or none at all), and a random status of the order. The kit runs as the script-tag build,
 * in a context whose fetch is the fake service; it is stopped once it has said its first outcome.
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

/** API.md's table, read as the kit must: the verdicts it may give for each answer; anything else is "not confirmed". */
function allowed(given: Answer, order: StatusOutcome): string[] {
  const orderSays = order === 'paid' ? ['paid'] : order === 'awaiting_deposit' ? ['awaiting_deposit'] : [];
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
      return orderSays.length ? orderSays : ['refused', 'closed'];
    case '400 forgery':
      return orderSays.length ? orderSays : ['forgery_refunded'];
    default:
      return ['not_confirmed'];
  }
}

function fakeService(given: Answer, order: StatusOutcome) {
  const json = (http: number, body: unknown) => Promise.resolve({ status: http, json: () => Promise.resolve(body) });
  return (url: string, init?: { method?: string }) => {
    if (init?.method === 'POST') {
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
    fc.asyncProperty(answer, statusOutcome, async (given, order) => {
      const context = vm.createContext({ fetch: fakeService(given, order), URL, AbortController, setTimeout, clearTimeout, location: { href: 'https://shop.example/' } });
      vm.runInContext(script, context);
      const stop = new AbortController();
      const first = await new Promise<string>((resolve) => {
        const kit = context.PaymentCheckout as { watch: (order: object, options: object) => Promise<unknown> };
        void kit.watch({ merchant_uid: 'ord_1', status_url: 'https://pay.example/payments/status/ord_1.x' }, {
          imp_uid: 'imp_1',
          signal: stop.signal,
          onOutcome: (outcome: { kind: string }) => (stop.abort(), resolve(outcome.kind)),
        });
      });
      if (!allowed(given, order).includes(first)) throw new Error(`${JSON.stringify(given)} with the order ${order}: the kit said ${first}`);
      if (order === 'paid' && UNPAID.has(first)) throw new Error(`a paid order was called ${first}`);
    }),
    { numRuns: 400 },
  );
  t.pass('400 random answers');
});
