import type { FastifyInstance } from 'fastify';
import { notFound, ok, refuse } from './envelope.js';
import { guarded } from './guard.js';
import { isMoney, parseNumber, parseText } from './inputs.js';
import type { RestDeps } from './deps.js';
import type { Prepared } from './store.js';

// messages as i'mport words them: integrations compare them (iamporter's test suite against the live API;
// the duplicate-prepare text as i'mport answers it)
const DUPLICATE = '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).';
const UNKNOWN = '사전등록된 결제정보가 존재하지 않습니다.';
const CURRENCY = /^[A-Z]{3}$/;

/**
 * The body of POST and PUT /payments/prepare, or the refusal's message (reference: merchant_uid maxLength 40).
 * `registered`: the currency a PUT without one keeps.
 */
function parsePrepare(body: Record<string, unknown>, registered: string | null = null): Prepared | string {
  const merchantUid = parseText(body.merchant_uid, 40);
  const amount = parseNumber(body.amount);
  const currency = parseText(body.currency, 3);
  if (!merchantUid.ok) return 'merchant_uid는 40자 이하의 문자열이어야 합니다.';
  if (!merchantUid.value || !amount.ok || amount.value === undefined) return 'merchant_uid와 amount는 필수입니다.';
  if (!currency.ok || (currency.value !== undefined && !CURRENCY.test(currency.value))) return 'currency가 올바르지 않습니다.';
  const effective = body.currency === undefined ? registered : (currency.value ?? null);
  if (!isMoney(amount.value, effective) || amount.value <= 0) return `amount(${String(body.amount)})가 올바르지 않습니다.`;
  return { merchant_uid: merchantUid.value, amount: amount.value, currency: effective };
}

/** Amount pre-registration (reference: payments.validation). */
export async function prepareRoutes(app: FastifyInstance, { store, state }: RestDeps): Promise<void> {
  app.post('/payments/prepare', guarded(state, 'prepare'), async (request, reply) => {
    const input = parsePrepare((request.body ?? {}) as Record<string, unknown>);
    if (typeof input === 'string') return refuse(reply, input);
    return (await store.prepare(input)) ? ok(reply, input) : refuse(reply, DUPLICATE);
  });

  // the reference documents 200 and 401 only; i'mport answers an unknown merchant_uid with a 404 (iamporter's
  // suite resolves it as not found, which its client does only for HTTP 404)
  app.get('/payments/prepare/:merchant_uid', guarded(state, 'prepare.get'), async (request, reply) => {
    const prepared = await store.prepared((request.params as { merchant_uid: string }).merchant_uid);
    return prepared ? ok(reply, prepared) : notFound(reply, UNKNOWN);
  });

  app.put('/payments/prepare', guarded(state, 'prepare.put'), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const merchantUid = parseText(body.merchant_uid, 40);
    const registered = merchantUid.ok && merchantUid.value ? await store.prepared(merchantUid.value) : undefined;
    if (merchantUid.ok && merchantUid.value && !registered) return notFound(reply, UNKNOWN);
    // a PUT without currency changes the amount and keeps the registered currency
    const input = parsePrepare(body, registered?.currency);
    if (typeof input === 'string') return refuse(reply, input);
    const changed = await store.changePrepared(input);
    return changed ? ok(reply, changed) : notFound(reply, UNKNOWN);
  });
}
