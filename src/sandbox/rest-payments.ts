import type { FastifyInstance, FastifyReply } from 'fastify';
import type { IamportPayment } from '../providers/iamport/schemas.js';
import { failure, notFound, ok } from './envelope.js';
import { guarded } from './guard.js';
import { isSorting, PAYMENT_STATUSES, paged, parsePage, parsePeriod, parseSorting, type Page } from './listing.js';
import type { RestDeps } from './deps.js';
import type { ListFilter } from './store.js';

const NO_PAYMENT = '존재하지 않는 결제정보입니다.';
/** iamporter's suite against the live API */
const UNSUPPORTED_STATUS = '지원되지 않는 상태값입니다.';
const PAST_THE_END = '요청한 page가 조회 가능한 범위를 넘어섰습니다.';
/** reference: GET /payments, "(최대 100개)" */
const MAX_IDS = 100;

type Params = Record<string, string | undefined>;
type Query = Record<string, unknown>;

const isStatus = (value: string) => (PAYMENT_STATUSES as readonly string[]).includes(value);
/** `a[]=1&a[]=2` (or `a=1`) as a list */
const many = (query: Query, name: string) => [query[`${name}[]`] ?? query[name] ?? []].flat().map(String);

async function answerPage(reply: FastifyReply, found: { total: number; list: IamportPayment[] }, page: Page) {
  const answer = paged(found.total, found.list, page);
  return answer ? ok(reply, answer) : failure(reply, 400, PAST_THE_END);
}

/** Reading payments (reference: payments). */
export async function paymentRoutes(app: FastifyInstance, { store, state }: RestDeps): Promise<void> {
  // a test-channel payment is hidden here unless asked for; find, findAll, the lists and GET /payments have no such
  // switch (reference: include_sandbox, default false)
  app.get('/payments/:imp_uid', guarded(state, 'payments.get'), async (request, reply) => {
    const payment = await store.get((request.params as Params).imp_uid!);
    const visible = payment && (payment.sandbox !== true || (request.query as Query).include_sandbox === 'true');
    return visible ? ok(reply, payment) : notFound(reply, NO_PAYMENT);
  });

  // 200 when every payment asked for is found, 207 when some are not, 404 when none is (reference)
  app.get('/payments', guarded(state, 'payments.list'), async (request, reply) => {
    const query = request.query as Query;
    const impUids = [...new Set(many(query, 'imp_uid'))];
    const merchantUids = [...new Set(many(query, 'merchant_uid'))];
    if (impUids.length + merchantUids.length > MAX_IDS) return failure(reply, 400, `한 번에 최대 ${MAX_IDS}건까지 조회할 수 있습니다.`);
    const byImpUid = await store.getMany(impUids);
    const byMerchantUid = (await Promise.all(merchantUids.map((uid) => store.findByMerchantUid(uid)))).map((list) => list[0]);
    const found = [...byImpUid, ...byMerchantUid.filter((p): p is IamportPayment => p !== undefined)];
    const unique = [...new Map(found.map((p) => [p.imp_uid, p])).values()];
    if (unique.length === 0) return notFound(reply, '해당되는 결제건을 찾지 못하였습니다.');
    const complete = byImpUid.length === impUids.length && byMerchantUid.every(Boolean);
    return reply.status(complete ? 200 : 207).send({ code: 0, message: null, response: unique });
  });

  // the most recent payment of an order by `sorting` (default -started), optionally only in one status
  app.get('/payments/find/:merchant_uid/:payment_status?', guarded(state, 'payments.find'), async (request, reply) => {
    const { merchant_uid, payment_status } = request.params as Params;
    const sorting = parseSorting(request.query as Query);
    if (!isSorting(sorting)) return failure(reply, 400, sorting);
    // no payment is in a status that does not exist
    if (payment_status && !isStatus(payment_status)) return notFound(reply, NO_PAYMENT);
    const [first] = await store.findByMerchantUid(merchant_uid!, payment_status, sorting);
    return first ? ok(reply, first) : notFound(reply, NO_PAYMENT);
  });

  app.get('/payments/findAll/:merchant_uid/:payment_status?', guarded(state, 'payments.findAll'), async (request, reply) => {
    const { merchant_uid, payment_status } = request.params as Params;
    if (payment_status && !isStatus(payment_status)) return failure(reply, 400, UNSUPPORTED_STATUS);
    const page = parsePage(request.query as Query);
    if (typeof page === 'string') return failure(reply, 400, page);
    const found = await store.page({ merchantUid: merchant_uid, status: payment_status }, page);
    return found.total === 0 ? notFound(reply, NO_PAYMENT) : answerPage(reply, found, page);
  });

  app.get('/payments/status/:payment_status', guarded(state, 'payments.status'), async (request, reply) => {
    const { payment_status } = request.params as Params;
    if (payment_status !== 'all' && !isStatus(payment_status!)) return failure(reply, 400, UNSUPPORTED_STATUS);
    const page = parsePage(request.query as Query);
    const period = parsePeriod(request.query as Query);
    if (typeof page === 'string' || typeof period === 'string') return failure(reply, 400, typeof page === 'string' ? page : (period as string));
    const filter: ListFilter = { status: payment_status === 'all' ? undefined : payment_status, period };
    return answerPage(reply, await store.page(filter, page), page);
  });
}
