import { request } from 'undici';
import { PORTONE_SANDBOX } from '../../../src/sandbox/portone/credentials.js';

/** requestPayment's parameters for the simulator's TEST channel. */
export const requestParams = (paymentId: string, extra: Record<string, unknown> = {}) => ({
  storeId: PORTONE_SANDBOX.storeId,
  channelKey: PORTONE_SANDBOX.testChannelKey,
  paymentId,
  orderName: '샌드박스 주문',
  totalAmount: 10000,
  currency: 'CURRENCY_KRW',
  payMethod: 'CARD',
  ...extra,
});

/** What the payment window posts when the buyer chooses, without a browser. */
export async function checkout(base: string, params: Record<string, unknown>, choice: 'approve' | 'issue' | 'decline' | 'close') {
  const response = await request(`${base}/__checkout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ params, choice }) });
  return { status: response.statusCode, body: (await response.body.json()) as { response: Record<string, any> } };
}
