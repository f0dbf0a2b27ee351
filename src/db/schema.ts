import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** bigint columns come back from pg as strings; amounts are parsed to numbers where they are read. */
type Int8 = ColumnType<string, number | bigint | string, number | bigint | string>;
type Int8Set = ColumnType<string, number | bigint | string | undefined, number | bigint | string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

/** The closed unions of money state, each enforced by a CHECK constraint of the same values. */

/** iamport: i'mport's V1 API · portone: PortOne's V2 API */
export const PROVIDERS = ['iamport', 'portone'] as const;
export type Provider = (typeof PROVIDERS)[number];
export const ORDER_STATUSES = ['pending', 'awaiting_deposit', 'paid', 'partially_cancelled', 'cancelled', 'failed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/**
 * accepted: the order's payment (or its open virtual account) · forgery: amount, currency or test channel not the
 * order's · duplicate: a second payment source for a settled order · replaced: a virtual account superseded by a newer
 * one · failed: a failed attempt, or the order's account closed unpaid · other: a window opened and never finished ·
 * unverifiable: i'mport's answer lacks a money field or has one of another type (never accepted, never refunded)
 */
export const PAYMENT_ROLES = ['accepted', 'forgery', 'duplicate', 'replaced', 'failed', 'other', 'unverifiable'] as const;
export type PaymentRole = (typeof PAYMENT_ROLES)[number];

/** pending: owed, being carried out · done · needs_operator: i'mport refused, a person finishes it · failed: refused, the caller was told */
export const REFUND_STATES = ['pending', 'done', 'needs_operator', 'failed'] as const;
export type RefundState = (typeof REFUND_STATES)[number];

export const REFUND_REASONS = ['forgery', 'duplicate', 'replaced', 'expired', 'operator'] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

/** cancel: money back through the PSP · revoke: an unpaid virtual account closed */
export type RefundKind = 'cancel' | 'revoke';

export interface Buyer {
  name?: string;
  email?: string;
  tel?: string;
  addr?: string;
  postcode?: string;
}

export interface Vbank {
  num: string;
  bank_name: string;
  holder: string | null;
  due_at: string | null;
}

export interface OrdersTable {
  merchant_uid: string;
  name: string;
  amount: Int8;
  currency: Generated<string>;
  status: Generated<OrderStatus>;
  buyer: Json<Buyer>;
  metadata: Json<Record<string, unknown>>;
  pay_methods: string[] | null;
  provider: Generated<Provider>;
  /** the accepted payment source (V1 imp_uid, V2 transactionId) */
  source_id: string | null;
  pay_method: string | null;
  pg_provider: string | null;
  paid_amount: Int8Set;
  cancelled_amount: Int8Set;
  vbank: Json<Vbank> | null;
  amount_registered: Generated<boolean>;
  paid_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** the sweeper's bookkeeping, not money state: when it last asked i'mport about this order */
  checked_at: Timestamp | null;
  version: Generated<number>;
}

/** Each payment source (an attempt at a PSP) the service has seen; `snapshot` is its PaymentFact (settlement/model.ts). */
export interface PaymentsTable {
  source_id: string;
  merchant_uid: string;
  status: string;
  amount: Numeric;
  cancel_amount: Numeric;
  currency: string;
  role: PaymentRole;
  seq: number;
  retired: Generated<boolean>;
  test: Generated<boolean>;
  snapshot: Json<Record<string, unknown>>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderEventsTable {
  id: Int8Set;
  type: string;
  merchant_uid: string;
  transition: string;
  data: Json<Record<string, unknown>>;
  created_at: Timestamp;
  tx_id: Generated<string>;
}

export interface WebhookReceiptsTable {
  id: Int8Set;
  received_at: Timestamp;
  source_ip: string;
  /** whose webhook it was; a V2 delivery names its payment by merchant_uid (the paymentId) */
  provider: Generated<Provider>;
  imp_uid: string | null;
  merchant_uid: string | null;
  status: string | null;
  body: Json<unknown>;
  outcome: Generated<string>;
}

export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: Timestamp;
}

export interface RateLimitsTable {
  key: string;
  count: number;
  reset_at: Date;
}

export interface EventDeliveriesTable {
  event_id: string;
  attempts: number;
  next_attempt_at: Date;
  delivered_at: Date | null;
  gave_up_at: Date | null;
  /** where the last attempt was sent, without credentials or query */
  endpoint: string | null;
}

export interface EventDeliveryAttemptsTable {
  id: Generated<string>;
  event_id: string | number;
  attempted_at: Generated<Date>;
  status_code: number | null;
  error: string | null;
}

type Numeric = ColumnType<string, number | string, number | string>;

export interface RefundsTable {
  id: string;
  merchant_uid: string;
  source_id: string;
  kind: RefundKind;
  reason: RefundReason;
  amount: Numeric;
  checksum: Numeric | null;
  state: RefundState;
  note: string | null;
  refund_to: Json<Record<string, string>> | null;
  request_key: string | null;
  /** the operator who asked for it, or last asked for it to be carried out again; null: the service's own */
  actor: string | null;
  attempts: Generated<number>;
  last_error: string | null;
  next_attempt_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
}

export interface ReconcilePassesTable {
  name: string;
  watermark: Int8;
  lease_until: Timestamp;
  finished_at: Timestamp | null;
  /** a walk in progress: its lower bound, its start (both unix s) and where to go on (its PSP's cursor) */
  walk_since: Int8 | null;
  walk_started_at: Int8 | null;
  walk_cursor: Json<unknown> | null;
}

export type OperatorAction = 'sync' | 'resend' | 'refund_retry';

export interface OperatorActionsTable {
  id: Int8Set;
  at: Timestamp;
  actor: string;
  action: OperatorAction;
  merchant_uid: string;
  subject: string | null;
  detail: Json<Record<string, unknown>>;
}

export interface ServiceSecretsTable {
  name: string;
  value: Buffer;
  created_at: Generated<Date>;
}

export interface Database {
  orders: OrdersTable;
  payments: PaymentsTable;
  order_events: OrderEventsTable;
  webhook_receipts: WebhookReceiptsTable;
  idempotency_keys: IdempotencyKeysTable;
  rate_limits: RateLimitsTable;
  event_deliveries: EventDeliveriesTable;
  event_delivery_attempts: EventDeliveryAttemptsTable;
  refunds: RefundsTable;
  reconcile_passes: ReconcilePassesTable;
  service_secrets: ServiceSecretsTable;
  operator_actions: OperatorActionsTable;
}

export type OrderRow = Selectable<OrdersTable>;
export type NewOrder = Insertable<OrdersTable>;
export type OrderUpdate = Updateable<OrdersTable>;
export type PaymentRow = Selectable<PaymentsTable>;
export type OrderEventRow = Selectable<OrderEventsTable>;
