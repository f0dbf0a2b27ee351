import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import type { IamportPayment } from '../providers/iamport/schemas.js';
import { checkoutSchema, type Checkout } from './checkout-params.js';
import type { NewPayment } from './payment-factory.js';
import { parsePg } from './pg.js';
import type { RestDeps } from './deps.js';
import type { Prepared } from './store.js';

const PUBLIC_DIR = new URL('../../public/sandbox/', import.meta.url);
const USER_CANCEL = '사용자가 결제를 취소하셨습니다';
const DECLINE = '[1001] 카드 승인이 거절되었습니다 (한도초과)';
/** i'mport notifies shortly after the browser got its answer; the order between the two is not guaranteed. */
const WEBHOOK_DELAY_MS = 300;

/** The callback `rsp` of IMP.request_pay (reference: Browser side). */
function toRsp(payment: IamportPayment, errorCode?: string, errorMsg?: string) {
  return {
    success: payment.status === 'paid' || payment.status === 'ready',
    imp_uid: payment.imp_uid,
    merchant_uid: payment.merchant_uid,
    pay_method: payment.pay_method,
    paid_amount: payment.amount,
    status: payment.status,
    name: payment.name,
    pg_provider: payment.pg_provider,
    pg_tid: payment.pg_tid,
    buyer_name: payment.buyer_name,
    buyer_email: payment.buyer_email,
    buyer_tel: payment.buyer_tel,
    buyer_addr: payment.buyer_addr,
    buyer_postcode: payment.buyer_postcode,
    custom_data: payment.custom_data,
    paid_at: payment.paid_at,
    receipt_url: payment.receipt_url,
    apply_num: payment.apply_num,
    vbank_num: payment.vbank_num,
    vbank_name: payment.vbank_name,
    vbank_holder: payment.vbank_holder,
    vbank_date: payment.vbank_date,
    error_code: errorCode ?? null,
    error_msg: errorMsg ?? null,
  };
}

function paymentFor({ params, choice }: Checkout): NewPayment {
  const { merchant_uid, amount, currency, name, buyer_name, buyer_email, buyer_tel, buyer_addr, buyer_postcode, custom_data, notice_url } = params;
  const base: NewPayment = {
    ...(params.pg ? parsePg(params.pg) : {}),
    merchant_uid, amount, currency, name, buyer_name, buyer_email, buyer_tel, buyer_addr, buyer_postcode, custom_data, notice_url,
    channel: params.m_redirect_url ? 'mobile' : 'pc',
  };
  if (choice === 'vbank') return { ...base, pay_method: 'vbank', status: 'ready' };
  if (choice === 'card') return { ...base, pay_method: 'card', status: 'paid' };
  return { ...base, pay_method: 'card', status: 'failed', fail_reason: choice === 'close' ? USER_CANCEL : DECLINE };
}

/** Why a pre-registration refuses this request_pay; a registered currency of null is not checked (reference: prepare). */
function mismatch(registered: Prepared | undefined, amount: number, currency: string): string | undefined {
  if (!registered) return undefined;
  if (registered.amount !== amount) return `사전 등록된 결제정보와 금액이 일치하지 않습니다. (등록: ${registered.amount}, 요청: ${amount})`;
  if (registered.currency !== null && registered.currency !== currency) {
    return `사전 등록된 결제정보와 통화가 일치하지 않습니다. (등록: ${registered.currency}, 요청: ${currency})`;
  }
  return undefined;
}

export async function checkoutRoutes(app: FastifyInstance, deps: RestDeps): Promise<void> {
  const files = {
    'iamport.js': await readFile(new URL('iamport.js', PUBLIC_DIR), 'utf8'),
    'checkout.html': await readFile(new URL('checkout.html', PUBLIC_DIR), 'utf8'),
  };
  app.get('/iamport.js', async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(files['iamport.js']));
  app.get('/checkout.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(files['checkout.html']));

  /** The payment window's answer: the payer's choice becomes a payment, exactly as the PG would record it. */
  app.post('/__checkout', { config: { rsp: true } }, async (request, reply) => {
    const parsed = checkoutSchema.safeParse(request.body ?? {});
    if (!parsed.success) {
      const message = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      return reply.status(400).send({ rsp: { success: false, imp_uid: null, error_code: 'F400', error_msg: message } });
    }
    const { params, choice } = parsed.data;
    const refusal = mismatch(await deps.store.prepared(params.merchant_uid), params.amount, params.currency);
    // i'mport refuses before opening the PG window: no payment is made
    if (refusal) return { rsp: { success: false, imp_uid: null, merchant_uid: params.merchant_uid, error_code: 'F1002', error_msg: refusal } };
    const payment = await deps.store.create(paymentFor(parsed.data));
    if (choice === 'card' || choice === 'vbank') deps.webhooks.send(payment, { delayMs: WEBHOOK_DELAY_MS });
    if (choice === 'close') return { rsp: toRsp(payment, 'F0005', USER_CANCEL) };
    if (choice === 'decline') return { rsp: toRsp(payment, 'F1001', DECLINE) };
    return { rsp: toRsp(payment) };
  });
}
