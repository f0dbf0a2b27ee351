import type { Order, Payment, Refund } from '../views/orders.js';

/**
 * Examples shown in openapi.yaml. They are typed by the schemas they illustrate, so a change of shape that leaves an
 * example behind fails the type-check, and Redocly's lint checks each against its schema again.
 */

const MERCHANT_UID = 'ord_0mbq2k7x3Zq8Yt1vR2wXn5c';
const IMP_UID = 'imp_482910375561';

export const orderExample = {
  merchant_uid: MERCHANT_UID,
  name: 'T-shirt x2',
  amount: 50000,
  currency: 'KRW',
  status: 'paid',
  buyer: { name: '홍길동', email: 'buyer@example.com', tel: '010-1234-5678' },
  metadata: { cart_id: 'cart_1842' },
  provider: 'iamport',
  imp_uid: IMP_UID,
  payment_id: null,
  transaction_id: null,
  pay_method: 'card',
  pg_provider: 'html5_inicis',
  paid_amount: 50000,
  cancelled_amount: 0,
  vbank: null,
  paid_at: '2026-05-04T01:03:10.000Z',
  cancelled_at: null,
  created_at: '2026-05-04T01:02:03.000Z',
  updated_at: '2026-05-04T01:03:11.000Z',
} satisfies Order;

export const pendingOrderExample = {
  ...orderExample,
  status: 'pending',
  imp_uid: null,
  pay_method: null,
  pg_provider: null,
  paid_amount: 0,
  paid_at: null,
  updated_at: orderExample.created_at,
} satisfies Order;

export const refundExample = {
  id: '17',
  merchant_uid: MERCHANT_UID,
  imp_uid: 'imp_482910375999',
  transaction_id: null,
  kind: 'cancel',
  reason: 'duplicate',
  state: 'done',
  amount: 50000,
  attempts: 1,
  last_error: null,
  actor: null,
  created_at: '2026-05-04T01:05:00.000Z',
  completed_at: '2026-05-04T01:05:01.000Z',
} satisfies Refund;

export const paymentExample = {
  provider: 'iamport',
  imp_uid: IMP_UID,
  payment_id: null,
  transaction_id: null,
  status: 'paid',
  amount: 50000,
  currency: 'KRW',
  cancel_amount: 0,
  pay_method: 'card',
  pg_provider: 'html5_inicis',
  sandbox: false,
  role: 'accepted',
  refund: null,
  refunds: [],
  receipt_url: 'https://iniweb.inicis.com/receipt/482910375561',
  paid_at: '2026-05-04T01:03:10.000Z',
  failed_at: null,
  cancelled_at: null,
  fail_reason: null,
} satisfies Payment;

export const eventExample = {
  id: '1042',
  type: 'order.paid',
  merchant_uid: MERCHANT_UID,
  created_at: '2026-05-04T01:03:11.000Z',
  data: orderExample,
};

export const errorExample = { error: 'not_found', message: `no order ${MERCHANT_UID}` };

export const paymentErrorExample = { status: 'forgery', error: 'forgery', message: "the amount paid (100) is not the order's amount (50000)" };

export const idsExample = { imp_uid: IMP_UID, merchant_uid: MERCHANT_UID };

export const statusUrlExample = `https://pay.example.com/payments/status/${MERCHANT_UID}.3q2-7wEjX0cYV1nNf0h9ZA`;
