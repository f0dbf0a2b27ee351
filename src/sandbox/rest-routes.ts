import type { FastifyInstance } from 'fastify';
import { failure, notFound, ok, refuse } from './envelope.js';
import { guarded } from './guard.js';
import { cancelRoutes } from './rest-cancel.js';
import { prepareRoutes } from './rest-prepare.js';
import type { SandboxState } from './state.js';
import type { SandboxStore } from './store.js';
import type { WebhookSender } from './webhooks.js';

export interface RestDeps {
  store: SandboxStore;
  state: SandboxState;
  webhooks: WebhookSender;
  credentials: { apiKey: string; apiSecret: string };
}

const PAYMENT_STATUSES = ['ready', 'paid', 'cancelled', 'failed'];
const STATUSES = ['all', ...PAYMENT_STATUSES];
/** iamporter's suite against the live API */
const UNSUPPORTED_STATUS = '지원되지 않는 상태값입니다.';
const num = (value: unknown) => (value === undefined || value === '' ? undefined : Number(value));

export async function restRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  const { store, state } = deps;

  // i'mport's texts: iamporter's and iamport-php's suites against the live API; missing credentials are not a 401
  // there (iamporter reports its own text for every 401, yet expects i'mport's for this case)
  app.post('/users/getToken', guarded(state, 'getToken', false), async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    if (!body.imp_key || !body.imp_secret) return failure(reply, 400, 'imp_key, imp_secret 파라메터가 누락되었습니다.');
    if (body.imp_key !== deps.credentials.apiKey || body.imp_secret !== deps.credentials.apiSecret) {
      return failure(reply, 401, '인증에 실패하였습니다. API키와 secret을 확인하세요.');
    }
    return ok(reply, state.issueToken());
  });

  app.get('/payments/:imp_uid', guarded(state, 'payments.get'), async (request, reply) => {
    const payment = await store.get((request.params as { imp_uid: string }).imp_uid);
    return payment ? ok(reply, payment) : notFound(reply, '존재하지 않는 결제정보입니다.');
  });

  app.get('/payments', guarded(state, 'payments.list'), async (request, reply) => {
    const query = request.query as Record<string, string | string[] | undefined>;
    const ids = [query['imp_uid[]'] ?? query.imp_uid ?? []].flat();
    return ok(reply, await store.getMany(ids));
  });

  app.get('/payments/find/:merchant_uid/:status?', guarded(state, 'payments.find'), async (request, reply) => {
    const { merchant_uid, status } = request.params as { merchant_uid: string; status?: string };
    const [latest] = await store.findByMerchantUid(merchant_uid, status);
    return latest ? ok(reply, latest) : notFound(reply, '존재하지 않는 결제정보입니다.');
  });

  app.get('/payments/findAll/:merchant_uid/:status?', guarded(state, 'payments.findAll'), async (request, reply) => {
    const { merchant_uid, status } = request.params as { merchant_uid: string; status?: string };
    if (status && !PAYMENT_STATUSES.includes(status)) return failure(reply, 400, UNSUPPORTED_STATUS);
    const list = await store.findByMerchantUid(merchant_uid, status);
    if (list.length === 0) return notFound(reply, '존재하지 않는 결제정보입니다.');
    return ok(reply, { total: list.length, previous: 0, next: 0, list });
  });

  app.get('/payments/status/:payment_status', guarded(state, 'payments.status'), async (request, reply) => {
    const { payment_status } = request.params as { payment_status: string };
    if (!STATUSES.includes(payment_status)) return failure(reply, 400, UNSUPPORTED_STATUS);
    const query = request.query as Record<string, string | undefined>;
    const page = Math.max(1, Math.trunc(num(query.page) ?? 1));
    const limit = Math.min(1000, Math.max(1, Math.trunc(num(query.limit) ?? 20)));
    const { total, list } = await store.listByStatus(payment_status, page, limit);
    return ok(reply, { total, previous: page > 1 ? page - 1 : 0, next: page * limit < total ? page + 1 : 0, list });
  });

  await prepareRoutes(app, deps);
  await cancelRoutes(app, deps);
}
