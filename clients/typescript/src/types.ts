import type { components, operations } from './openapi.js';

/** Named types for every operation's request and answer; all of them come from openapi.yaml through ./openapi.ts. */

type Schemas = components['schemas'];
type Json<Holder> = Holder extends { content: { 'application/json': infer Body } } ? Body : never;
type Body<Id extends keyof operations> = Json<operations[Id]['requestBody']>;
type Query<Id extends keyof operations> = operations[Id] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Ok<Id extends keyof operations, Code extends keyof operations[Id]['responses'] = 200 & keyof operations[Id]['responses']> = Json<
  operations[Id]['responses'][Code]
>;

export type Order = Schemas['Order'];
export type Payment = Schemas['Payment'];
export type Refund = Schemas['Refund'];
/** Every error answer: `error` (a stable code) and `message`, sometimes more (e.g. `remaining` on a cancel beyond the balance) */
export type ErrorBody = Schemas['Error'];
/** An error of the public payment endpoints: ErrorBody plus API.md's `status` word (and the order on a duplicate) */
export type PaymentErrorBody = Schemas['PaymentError'];

/** An order event, pulled (GET /events) or pushed (verifyWebhook): a union discriminated on `type` */
export type OrderEvent = Schemas['Event'];
export type EventType = OrderEvent['type'];
/** The event of one type, e.g. `EventOfType<'payment.refund_failed'>` (whose `data.payment` is there) */
export type EventOfType<T extends EventType> = Extract<OrderEvent, { type: T }>;

export type CreateOrderRequest = Body<'createOrder'>;
export type CancelOrderRequest = Body<'cancelOrder'>;
export type CompletePaymentRequest = Body<'completePayment'>;
export type IamportWebhookRequest = Body<'receiveIamportWebhook'>;
export type PortOneWebhookRequest = Body<'receivePortOneWebhook'>;

export type ListOrdersQuery = Query<'listOrders'>;
export type ListRefundsQuery = Query<'listRefunds'>;
export type ListEventsQuery = Query<'listEvents'>;
export type SearchOrdersQuery = Query<'searchOrders'>;
export type ListWebhookReceiptsQuery = Query<'listWebhookReceipts'>;
export type GetAttentionQuery = Query<'getAttention'>;
export type CompletePaymentRedirectQuery = Query<'completePaymentRedirect'>;
export type GetAttentionListQuery = Query<'getAttentionList'>;
export type ListRefundBanksQuery = Query<'listRefundBanks'>;
export type ExportOrdersQuery = Query<'exportOrders'>;
export type GetOrderStatusQuery = Query<'getOrderStatus'>;
export type ExportRefundsQuery = Query<'exportRefunds'>;
export type RetryRefundRequest = Body<'retryRefund'>;
export type ResendFailingEventsRequest = Body<'resendFailingEvents'>;
/** Which list of the inbox to page through (GET /attention/{list}) */
export type AttentionListName = operations['getAttentionList']['parameters']['path']['list'];
export type ShowPaymentResultQuery = Query<'showPaymentResult'>;

/** The Order, and the status_url the buyer's browser watches it through */
export type CreatedOrder = Ok<'createOrder', 201>;
export type OrderPage = Ok<'listOrders'>;
export type RefundPage = Ok<'listRefunds'>;
export type EventPage = Ok<'listEvents'>;
export type OrderPaymentList = Ok<'listOrderPayments'>;
export type OrderTimeline = Ok<'getOrderTimeline'>;
export type TimelineEntry = OrderTimeline['items'][number];
export type WebhookReceiptPage = Ok<'listWebhookReceipts'>;
export type WebhookReceipt = WebhookReceiptPage['items'][number];
export type Attention = Ok<'getAttention'>;
export type AttentionListPage = Ok<'getAttentionList'>;
export type WebhookReceiptWithBody = Ok<'getWebhookReceipt'>;
export type RefundBankList = Ok<'listRefundBanks'>;
export type RetryRefundResponse = Ok<'retryRefund'>;
export type ResendEventResponse = Ok<'resendEvent'>;
export type ResendFailingEventsResponse = Ok<'resendFailingEvents'>;
export type WhoAmIResponse = Ok<'whoAmI'>;
/** What a buyer's browser is told of an order through its status_url */
export type OrderStatus = Ok<'getOrderStatus'>;
export type ServiceStatus = Ok<'getStatus'>;
/** The outcomes POST /payments/complete answers 200 with; the others are thrown (PaymentVerifierError, body: PaymentErrorBody) */
export type CompletePaymentResponse = Ok<'completePayment'>;
export type IamportWebhookResponse = Ok<'receiveIamportWebhook'>;
export type PortOneWebhookResponse = Ok<'receivePortOneWebhook'>;
/** The Standard Webhooks headers PortOne signs a delivery with */
export interface SignatureHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}
export type HealthResponse = Ok<'checkHealth'>;
export type ReadinessResponse = Ok<'checkReadiness'>;
/** Where GET /payments/complete sends the browser (its 303's Location) */
export interface PaymentRedirect {
  location: string;
}

export type { components, operations, paths, webhooks } from './openapi.js';
