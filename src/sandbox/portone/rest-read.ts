import type { FastifyInstance } from 'fastify';
import { unstorable } from '../inputs.js';
import type { PortOneDeps } from './deps.js';
import { FORBIDDEN, invalidRequest, NOT_FOUND, sendRefusal } from './errors.js';
import { guarded } from './guard.js';
import type { Status } from './model.js';
import { toPayment, toTransaction } from './render.js';
import { describeIssues, getRequestBody, listBody, type ListBody } from './rest-inputs.js';
import type { ListQuery } from './store.js';

type Params = { paymentId: string };
const DAY_MS = 86_400_000;

/** GET /payments's filter as a store query (reference: PaymentFilterInput; from defaults to 90 days before until). */
function listQuery({ page, filter }: ListBody, now = new Date()): ListQuery | string {
  const until = filter.until ? new Date(filter.until) : now;
  const from = filter.from ? new Date(filter.from) : new Date(until.getTime() - 90 * DAY_MS);
  if (from > until) return 'filter.from은 filter.until보다 늦을 수 없습니다.';
  const statuses = filter.status?.map((status): Status => (status === 'PENDING' ? 'PAY_PENDING' : status));
  return {
    timestampType: filter.timestampType,
    from,
    until,
    statuses,
    isTest: filter.isTest,
    currency: filter.currency,
    sortBy: filter.sortBy ?? (filter.timestampType === 'CREATED_AT' ? 'REQUESTED_AT' : 'STATUS_CHANGED_AT'),
    sortOrder: filter.sortOrder,
    offset: page.number * page.size,
    limit: page.size,
  };
}

/** Reading payments: one, its attempts, and the paged list (reference: getPayment, getPaymentTransactions, getPayments). */
export async function readRoutes(app: FastifyInstance, { store, state, credentials }: PortOneDeps): Promise<void> {
  const foreign = (storeId: unknown) => storeId !== undefined && storeId !== credentials.storeId;

  app.get('/payments/:paymentId', guarded(state, 'getPayment', credentials.apiSecret), async (request, reply) => {
    if (foreign((request.query as Record<string, unknown>).storeId)) return sendRefusal(reply, FORBIDDEN);
    const record = await store.get((request.params as Params).paymentId);
    const payment = record && toPayment(record);
    return payment ?? sendRefusal(reply, NOT_FOUND);
  });

  // every attempt, oldest first, each with its own status, amount and method
  app.get('/payments/:paymentId/transactions', guarded(state, 'getPaymentTransactions', credentials.apiSecret), async (request, reply) => {
    if (foreign((request.query as Record<string, unknown>).storeId)) return sendRefusal(reply, FORBIDDEN);
    const record = await store.get((request.params as Params).paymentId);
    if (!record?.attempts.length) return sendRefusal(reply, NOT_FOUND);
    return { items: record.attempts.map(toTransaction) };
  });

  // pageInfo.totalCount is what this page holds ("실제 반환된 객체 수", the reference's title), not all matches
  app.get('/payments', guarded(state, 'getPayments', credentials.apiSecret), async (request, reply) => {
    const body = await getRequestBody(request);
    if (!body.ok) return invalidRequest(reply, body.message);
    if (unstorable(body.value)) return invalidRequest(reply, '요청에 처리할 수 없는 문자가 포함되어 있습니다.');
    const parsed = listBody.safeParse(body.value ?? {});
    if (!parsed.success) return invalidRequest(reply, describeIssues(parsed.error));
    const { filter, page } = parsed.data;
    if (foreign(filter.storeId) || (filter.merchantId !== undefined && filter.merchantId !== credentials.merchantId)) return sendRefusal(reply, FORBIDDEN);
    const query = listQuery(parsed.data);
    if (typeof query === 'string') return invalidRequest(reply, query);
    // every payment here is a V2 one
    const records = filter.version === 'V1' ? [] : await store.list(query);
    const items = records.map((record) => toPayment(record)!);
    return { items, page: { number: page.number, size: page.size, totalCount: items.length } };
  });
}
