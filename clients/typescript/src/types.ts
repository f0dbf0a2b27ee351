import type { components, operations } from './openapi.js';

/** Names for the generated types a caller meets most; all of them come from openapi.yaml through ./openapi.ts. */

type Schemas = components['schemas'];
type JsonBody<Operation> = Operation extends { requestBody: { content: { 'application/json': infer Body } } } ? Body : never;
type Query<Operation> = Operation extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;
type Ok<Operation> = Operation extends { responses: { 200: { content: { 'application/json': infer Body } } } } ? Body : never;

export type Order = Schemas['Order'];
export type Payment = Schemas['Payment'];
export type Refund = Schemas['Refund'];
export type OrderEvent = Schemas['Event'];
export type ErrorBody = Schemas['Error'];

export type CreateOrderRequest = JsonBody<operations['createOrder']>;
export type CancelOrderRequest = JsonBody<operations['cancelOrder']>;
export type ListOrdersQuery = Query<operations['listOrders']>;
export type ListRefundsQuery = Query<operations['listRefunds']>;
export type ListEventsQuery = Query<operations['listEvents']>;

export type OrderPage = Ok<operations['listOrders']>;
export type RefundPage = Ok<operations['listRefunds']>;
export type EventPage = Ok<operations['listEvents']>;

export type { components, operations, paths } from './openapi.js';
