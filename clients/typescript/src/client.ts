import createClient, { type Client } from 'openapi-fetch';
import { PaymentVerifierError, unwrap } from './errors.js';
import { eventFeed, type EventFeedOptions } from './events.js';
import { retryingFetch, type RetryOptions } from './retry.js';
import type * as T from './types.js';

export interface ClientOptions {
  /** the service's PUBLIC_BASE_URL, e.g. https://pay.internal.example */
  baseUrl: string;
  /** one of the service's API_KEYS (the public operations are sent without it) */
  apiKey: string;
  retry?: RetryOptions;
  /** a fetch to send with (default: the global one) */
  fetch?: (request: Request) => Promise<Response>;
}

export interface CallOptions {
  signal?: AbortSignal;
}

export interface WriteOptions extends CallOptions {
  /**
   * names this logical request (default: a fresh UUID per call, reused by its retries). Pass your own, e.g. derived
   * from your cart id, so that a retry after your process restarted still cannot create a second order or refund.
   */
  idempotencyKey?: string;
}

/**
 * payment-verifier's API, one method per operation (named by its operationId). Every failure is thrown as a
 * PaymentVerifierError, network failures included.
 */
export interface PaymentVerifierClient {
  /** the openapi-fetch client itself (auth, keys and retries included); its failures are not wrapped */
  readonly api: Client<T.paths>;
  createOrder(body: T.CreateOrderRequest, options?: WriteOptions): Promise<T.CreatedOrder>;
  getOrder(merchantUid: string, options?: CallOptions): Promise<T.Order>;
  listOrders(query?: T.ListOrdersQuery, options?: CallOptions): Promise<T.OrderPage>;
  cancelOrder(merchantUid: string, body: T.CancelOrderRequest, options?: WriteOptions): Promise<T.Order>;
  syncOrder(merchantUid: string, options?: CallOptions): Promise<T.Order>;
  listOrderPayments(merchantUid: string, options?: CallOptions): Promise<T.Payment[]>;
  listRefunds(query?: T.ListRefundsQuery, options?: CallOptions): Promise<T.RefundPage>;
  listEvents(query?: T.ListEventsQuery, options?: CallOptions): Promise<T.EventPage>;
  /** every event after the stored cursor, oldest first, saving the cursor as each is handled (see eventFeed) */
  events(options: EventFeedOptions): AsyncGenerator<T.OrderEvent>;
  searchOrders(query: T.SearchOrdersQuery, options?: CallOptions): Promise<T.OrderPage>;
  getOrderTimeline(merchantUid: string, options?: CallOptions): Promise<T.OrderTimeline>;
  listWebhookReceipts(query?: T.ListWebhookReceiptsQuery, options?: CallOptions): Promise<T.WebhookReceiptPage>;
  getAttention(query?: T.GetAttentionQuery, options?: CallOptions): Promise<T.Attention>;
  getStatus(options?: CallOptions): Promise<T.ServiceStatus>;
  getAttentionList(list: T.AttentionListName, query?: T.GetAttentionListQuery, options?: CallOptions): Promise<T.AttentionListPage>;
  getWebhookReceipt(id: string, options?: CallOptions): Promise<T.WebhookReceiptWithBody>;
  listRefundBanks(query?: T.ListRefundBanksQuery, options?: CallOptions): Promise<T.RefundBankList>;
  retryRefund(refundId: string, body: T.RetryRefundRequest, options?: WriteOptions): Promise<T.RetryRefundResponse>;
  resendEvent(eventId: string, options?: WriteOptions): Promise<T.ResendEventResponse>;
  resendFailingEvents(body: T.ResendFailingEventsRequest, options?: WriteOptions): Promise<T.ResendFailingEventsResponse>;
  whoAmI(options?: CallOptions): Promise<T.WhoAmIResponse>;
  /** an order's status for a buyer's browser, by the token at the end of its status_url */
  getOrderStatus(token: string, query?: T.GetOrderStatusQuery, options?: CallOptions): Promise<T.OrderStatus>;
  /** the browser checkout kit's script-tag build, as text */
  getCheckoutKit(options?: CallOptions): Promise<string>;
  /** CSV text (UTF-8 with a byte-order mark) of the orders a filter shows */
  exportOrders(query?: T.ExportOrdersQuery, options?: CallOptions): Promise<string>;
  /** CSV text of the refunds of the orders a filter shows */
  exportRefunds(query?: T.ExportRefundsQuery, options?: CallOptions): Promise<string>;
  /** a browser's callback, sent for it; a refusal (failed, forgery, duplicate, notFound) is thrown with its PaymentErrorBody */
  completePayment(body: T.CompletePaymentRequest, options?: CallOptions): Promise<T.CompletePaymentResponse>;
  /** i'mport's redirect, sent for a browser: where the service sends it (not followed) */
  completePaymentRedirect(query: T.CompletePaymentRedirectQuery, options?: CallOptions): Promise<T.PaymentRedirect>;
  /** the result page's HTML */
  showPaymentResult(query: T.ShowPaymentResultQuery, options?: CallOptions): Promise<string>;
  /** an i'mport notification, relayed (e.g. from a gateway that receives them first) */
  receiveIamportWebhook(body: T.IamportWebhookRequest, options?: CallOptions): Promise<T.IamportWebhookResponse>;
  /** PortOne V2's delivery, relayed as signed: `rawBody` exactly as PortOne sent it, with its signature headers */
  receivePortOneWebhook(rawBody: string, headers: T.SignatureHeaders, options?: CallOptions): Promise<T.PortOneWebhookResponse>;
  checkHealth(options?: CallOptions): Promise<T.HealthResponse>;
  checkReadiness(options?: CallOptions): Promise<T.ReadinessResponse>;
}

/** openapi-fetch over the generated paths: Bearer auth, an Idempotency-Key per write, retries (see retryingFetch). */
function createApi(options: ClientOptions): Client<T.paths> {
  const api = createClient<T.paths>({
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

type Result<Data> = { data?: Data; error?: unknown; response: Response };

/** The call's answer; whatever it threw before one came (network, timeout, abort, a body not JSON) as a PaymentVerifierError. */
async function answerOf<Data>(send: () => Promise<Result<Data>>): Promise<Result<Data>> {
  try {
    return await send();
  } catch (error) {
    throw PaymentVerifierError.fromThrown(error);
  }
}

/** The call's data, or any failure as a PaymentVerifierError. */
const call = async <Data>(send: () => Promise<Result<Data>>): Promise<Data> => unwrap(await answerOf(send));

/** A client of payment-verifier's API, typed from its openapi.yaml. */
export function createPaymentVerifierClient(options: ClientOptions): PaymentVerifierClient {
  const api = createApi(options);
  const order = (merchantUid: string) => ({ path: { merchant_uid: merchantUid } });
  const key = (write: WriteOptions) => (write.idempotencyKey ? { 'Idempotency-Key': write.idempotencyKey } : {});
  const listEvents = (query: T.ListEventsQuery = {}, { signal }: CallOptions = {}) => call(() => api.GET('/events', { params: { query }, signal }));
  return {
    api,
    createOrder: (body, write = {}) => call(() => api.POST('/orders', { body, params: { header: key(write) }, signal: write.signal })),
    getOrder: (merchantUid, { signal } = {}) => call(() => api.GET('/orders/{merchant_uid}', { params: order(merchantUid), signal })),
    listOrders: (query = {}, { signal } = {}) => call(() => api.GET('/orders', { params: { query }, signal })),
    cancelOrder: (merchantUid, body, write = {}) =>
      call(() => api.POST('/orders/{merchant_uid}/cancel', { body, params: { ...order(merchantUid), header: key(write) }, signal: write.signal })),
    syncOrder: (merchantUid, { signal } = {}) => call(() => api.POST('/orders/{merchant_uid}/sync', { params: order(merchantUid), signal })),
    listOrderPayments: async (merchantUid, { signal } = {}) =>
      (await call(() => api.GET('/orders/{merchant_uid}/payments', { params: order(merchantUid), signal }))).items,
    listRefunds: (query = {}, { signal } = {}) => call(() => api.GET('/refunds', { params: { query }, signal })),
    listEvents,
    events: (feed) => eventFeed((query) => listEvents(query, { signal: feed.signal }), feed),
    searchOrders: (query, { signal } = {}) => call(() => api.GET('/orders/search', { params: { query }, signal })),
    getOrderTimeline: (merchantUid, { signal } = {}) => call(() => api.GET('/orders/{merchant_uid}/timeline', { params: order(merchantUid), signal })),
    listWebhookReceipts: (query = {}, { signal } = {}) => call(() => api.GET('/webhook-receipts', { params: { query }, signal })),
    getAttention: (query = {}, { signal } = {}) => call(() => api.GET('/attention', { params: { query }, signal })),
    getStatus: ({ signal } = {}) => call(() => api.GET('/status', { signal })),
    getAttentionList: (list, query = {}, { signal } = {}) => call(() => api.GET('/attention/{list}', { params: { path: { list }, query }, signal })),
    getWebhookReceipt: (id, { signal } = {}) => call(() => api.GET('/webhook-receipts/{id}', { params: { path: { id } }, signal })),
    listRefundBanks: (query = {}, { signal } = {}) => call(() => api.GET('/refund-banks', { params: { query }, signal })),
    retryRefund: (refundId, body, write = {}) =>
      call(() => api.POST('/refunds/{refund_id}/retry', { body, params: { path: { refund_id: refundId }, header: key(write) }, signal: write.signal })),
    resendEvent: (eventId, write = {}) => call(() => api.POST('/events/{event_id}/resend', { params: { path: { event_id: eventId } }, signal: write.signal })),
    resendFailingEvents: (body, write = {}) => call(() => api.POST('/event-deliveries/resend', { body, signal: write.signal })),
    whoAmI: ({ signal } = {}) => call(() => api.GET('/whoami', { signal })),
    getOrderStatus: (token, query = {}, { signal } = {}) => call(() => api.GET('/payments/status/{token}', { params: { path: { token }, query }, signal })),
    getCheckoutKit: ({ signal } = {}) => call(() => api.GET('/payments/checkout.js', { signal, parseAs: 'text' })) as Promise<string>,
    exportOrders: (query = {}, { signal } = {}) => call(() => api.GET('/exports/orders.csv', { params: { query }, signal, parseAs: 'text' })) as Promise<string>,
    exportRefunds: (query = {}, { signal } = {}) => call(() => api.GET('/exports/refunds.csv', { params: { query }, signal, parseAs: 'text' })) as Promise<string>,
    completePayment: (body, { signal } = {}) => call(() => api.POST('/payments/complete', { body, signal })),
    completePaymentRedirect: async (query, { signal } = {}) => {
      const { response, error } = await answerOf(() => api.GET('/payments/complete', { params: { query }, signal, redirect: 'manual' }));
      // its success is the 303, which openapi-fetch reads as an error
      if (response.status !== 303) throw PaymentVerifierError.fromAnswer(response, error);
      return { location: response.headers.get('location') ?? '' };
    },
    showPaymentResult: (query, { signal } = {}) => call(() => api.GET('/payments/result', { params: { query }, signal, parseAs: 'text' })) as Promise<string>,
    receiveIamportWebhook: (body, { signal } = {}) => call(() => api.POST('/webhooks/iamport', { body, signal })),
    receivePortOneWebhook: (rawBody, headers, { signal } = {}) =>
      call(() => api.POST('/webhooks/portone', { body: JSON.parse(rawBody) as T.PortOneWebhookRequest, bodySerializer: () => rawBody, headers: { ...headers }, signal })),
    checkHealth: ({ signal } = {}) => call(() => api.GET('/healthz', { signal })),
    checkReadiness: ({ signal } = {}) => call(() => api.GET('/readyz', { signal })),
  };
}
