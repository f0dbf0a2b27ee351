// What the bench's orders and the i'mport stand-in agree on without any seeding of payments: an order is
// `<prefix><n>` (prefix ends in '_'), its payment's imp_uid is `imp_<merchant_uid>`, and its amount follows from n.
// The same formula is written in SQL where the orders are seeded (setup.mjs, AMOUNT_SQL).

export const amountFor = (n) => 1000 + (n % 97) * 100;
export const AMOUNT_SQL = '1000 + (g % 97) * 100';

export const merchantUidOf = (prefix, n) => `${prefix}${n}`;
export const impUidOf = (merchantUid) => `imp_${merchantUid}`;

/** The order an imp_uid names, or null when it is not one of the bench's (the stand-in answers 404 then). */
export function orderOfImpUid(impUid) {
  const match = /^imp_(.+_(\d+))$/.exec(impUid);
  return match ? { merchantUid: match[1], n: Number(match[2]) } : null;
}

/**
 * A paid card payment with i'mport V1's full Payment field list (reference: Payment), `sandbox: false` so that the
 * service in live mode accepts it as real money. About 1.4 KB as JSON.
 */
export function paidPayment(impUid, merchantUid, amount, nowSec = Math.floor(Date.now() / 1000)) {
  return {
    imp_uid: impUid,
    merchant_uid: merchantUid,
    pay_method: 'card',
    channel: 'pc',
    pg_provider: 'html5_inicis',
    emb_pg_provider: null,
    pg_tid: `StdpayCARDINIpayTest${impUid.slice(-12)}`,
    pg_id: 'INIpayTest',
    escrow: false,
    apply_num: '30012345',
    bank_code: null,
    bank_name: null,
    card_code: '361',
    card_name: 'BC카드',
    card_issuer_code: '361',
    card_issuer_name: 'BC카드',
    card_publisher_code: '361',
    card_publisher_name: 'BC카드',
    card_quota: 0,
    card_number: '910020*********5',
    card_type: 0,
    vbank_code: null,
    vbank_name: null,
    vbank_num: null,
    vbank_holder: null,
    vbank_date: 0,
    vbank_issued_at: 0,
    name: '노르웨이 회전 의자',
    amount,
    cancel_amount: 0,
    currency: 'KRW',
    buyer_name: '홍길동',
    buyer_email: 'buyer@example.com',
    buyer_tel: '010-1234-5678',
    buyer_addr: '서울특별시 강남구 테헤란로 1',
    buyer_postcode: '06236',
    custom_data: null,
    user_agent: 'Mozilla/5.0 (bench)',
    status: 'paid',
    started_at: nowSec - 30,
    paid_at: nowSec,
    failed_at: 0,
    cancelled_at: 0,
    fail_reason: null,
    cancel_reason: null,
    receipt_url: `https://iniweb.inicis.com/DefaultWebApp/mall/cr/cm/mCmReceipt_head.jsp?noTid=${impUid}`,
    cancel_history: [],
    cancel_receipt_urls: [],
    cash_receipt_issued: false,
    customer_uid: null,
    customer_uid_usage: null,
    promotion: null,
    deposit_history: [],
    sandbox: false,
  };
}

/** The payment the stand-in derives from an imp_uid, or null for an imp_uid that is not the bench's. */
export function derivedPayment(impUid) {
  const order = orderOfImpUid(impUid);
  return order ? paidPayment(impUid, order.merchantUid, amountFor(order.n)) : null;
}
