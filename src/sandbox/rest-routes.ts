import type { FastifyInstance } from 'fastify';
import { notFound, ok, refuse } from './envelope.js';
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

type Body = Record<string, string | number | boolean | undefined>;
const STATUSES = ['all', 'ready', 'paid', 'cancelled', 'failed'];
const num = (value: unknown) => (value === undefined || value === '' ? undefined : Number(value));

export async function restRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  const { store, state } = deps;

  app.post('/users/getToken', guarded(state, 'getToken', false), async (request, reply) => {
    const body = (request.body ?? {}) as Body;
    if (body.imp_key !== deps.credentials.apiKey || body.imp_secret !== deps.credentials.apiSecret) {
      return reply.status(401).send({ code: -1, message: '입력된 api key와 api secret이 올바르지 않습니다.', response: null });
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
    const list = await store.findByMerchantUid(merchant_uid, status);
    if (list.length === 0) return notFound(reply, '존재하지 않는 결제정보입니다.');
    return ok(reply, { total: list.length, previous: 0, next: 0, list });
  });

  app.get('/payments/status/:payment_status', guarded(state, 'payments.status'), async (request, reply) => {
    const { payment_status } = request.params as { payment_status: string };
    if (!STATUSES.includes(payment_status)) return refuse(reply, `payment_status는 ${STATUSES.join(', ')} 중 하나여야 합니다.`, 400);
    const query = request.query as Record<string, string | undefined>;
    const page = Math.max(1, Math.trunc(num(query.page) ?? 1));
    const limit = Math.min(1000, Math.max(1, Math.trunc(num(query.limit) ?? 20)));
    const { total, list } = await store.listByStatus(payment_status, page, limit);
    return ok(reply, { total, previous: page > 1 ? page - 1 : 0, next: page * limit < total ? page + 1 : 0, list });
  });

  await prepareRoutes(app, deps);
  await cancelRoutes(app, deps);
}
