import createClient, { type Client } from 'openapi-fetch';
import { unwrap } from './errors.js';
import { eventFeed, type EventFeedOptions } from './events.js';
import { retryingFetch, type RetryOptions } from './retry.js';
import type {
  CancelOrderRequest,
  CreateOrderRequest,
  EventPage,
  ListEventsQuery,
  ListOrdersQuery,
  ListRefundsQuery,
  Order,
  OrderEvent,
  OrderPage,
  paths,
  Payment,
  RefundPage,
} from './types.js';

export interface ClientOptions {
  /** the service's PUBLIC_BASE_URL, e.g. https://pay.internal.example */
  baseUrl: string;
  /** one of the service's API_KEYS */
  apiKey: string;
  retry?: RetryOptions;
  /** a fetch to send with (default: the global one) */
  fetch?: (request: Request) => Promise<Response>;
}

export interface WriteOptions {
  /**
   * names this logical request (default: a fresh UUID per call, reused by its retries). Pass your own, e.g. derived
   * from your cart id, so that a retry after your process restarted still cannot create a second order or refund.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** The internal API, one method per operation (named by its operationId). Errors are thrown as PaymentVerifierError. */
export interface PaymentVerifierClient {
  /** the openapi-fetch client itself (auth, keys and retries included), for anything the methods do not cover */
  readonly api: Client<paths>;
  createOrder(body: CreateOrderRequest, options?: WriteOptions): Promise<Order>;
  getOrder(merchantUid: string): Promise<Order>;
  listOrders(query?: ListOrdersQuery): Promise<OrderPage>;
  cancelOrder(merchantUid: string, body: CancelOrderRequest, options?: WriteOptions): Promise<Order>;
  syncOrder(merchantUid: string): Promise<Order>;
  listOrderPayments(merchantUid: string): Promise<Payment[]>;
  listRefunds(query?: ListRefundsQuery): Promise<RefundPage>;
  listEvents(query?: ListEventsQuery): Promise<EventPage>;
  /** every event after the stored cursor, oldest first, saving the cursor as each is handled (see eventFeed) */
  events(options: EventFeedOptions): AsyncGenerator<OrderEvent>;
}

const idempotencyHeader = (options: WriteOptions) => (options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {});

/** openapi-fetch over the generated paths: Bearer auth, an Idempotency-Key per write, retries (see retryingFetch). */
function createApi(options: ClientOptions): Client<paths> {
  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    headers: { authorization: `Bearer ${options.apiKey}` },
    fetch: retryingFetch(options.fetch ?? ((request) => fetch(request)), options.retry),
  });
  api.use({
    onRequest: ({ request }) => {
      if (request.method !== 'GET' && !request.headers.has('idempotency-key')) request.headers.set('idempotency-key', crypto.randomUUID());
      return request;
    },
  });
  return api;
}

/** A client of payment-verifier's internal API, typed from its openapi.yaml. */
export function createPaymentVerifierClient(options: ClientOptions): PaymentVerifierClient {
  const api = createApi(options);
  const order = (merchantUid: string) => ({ path: { merchant_uid: merchantUid } });
  const listEvents = async (query: ListEventsQuery = {}) => unwrap(await api.GET('/events', { params: { query } }));
  return {
    api,
    createOrder: async (body, write = {}) =>
      unwrap(await api.POST('/orders', { body, params: { header: idempotencyHeader(write) }, signal: write.signal })),
    getOrder: async (merchantUid) => unwrap(await api.GET('/orders/{merchant_uid}', { params: order(merchantUid) })),
    listOrders: async (query = {}) => unwrap(await api.GET('/orders', { params: { query } })),
    cancelOrder: async (merchantUid, body, write = {}) =>
      unwrap(
        await api.POST('/orders/{merchant_uid}/cancel', {
          body,
          params: { ...order(merchantUid), header: idempotencyHeader(write) },
          signal: write.signal,
        }),
      ),
    syncOrder: async (merchantUid) => unwrap(await api.POST('/orders/{merchant_uid}/sync', { params: order(merchantUid) })),
    listOrderPayments: async (merchantUid) =>
      unwrap(await api.GET('/orders/{merchant_uid}/payments', { params: order(merchantUid) })).items,
    listRefunds: async (query = {}) => unwrap(await api.GET('/refunds', { params: { query } })),
    listEvents,
    events: (feed) => eventFeed(listEvents, feed),
  };
}
