// Words for the closed sets the API answers with (src/settlement/model.ts); an unknown value is shown as it came.

const ORDER_STATUS = {
  pending: '결제 대기 pending',
  awaiting_deposit: '입금 대기 awaiting deposit',
  paid: '결제 완료 paid',
  partially_cancelled: '부분 취소 partially refunded',
  cancelled: '전액 취소 refunded',
  failed: '결제 실패 failed',
};

const ROLE = {
  accepted: "the order's payment",
  forgery: 'forgery: amount, currency or test channel not the order’s',
  duplicate: 'duplicate: a second payment for a settled order',
  replaced: 'a virtual account replaced by a newer one',
  failed: 'failed attempt',
  other: 'not completed',
  unverifiable: "unverifiable: i'mport's answer lacks a money field; nothing accepted or refunded",
};

const REFUND_REASON = {
  forgery: 'forged payment',
  duplicate: 'duplicate payment',
  replaced: 'replaced virtual account',
  expired: 'virtual account past its due date',
  operator: 'operator refund',
};

const REFUND_STATE = {
  pending: 'pending: being carried out or retried',
  done: 'done',
  needs_operator: "waits for a person: i'mport refused it",
  failed: "failed: i'mport refused, the operator was told",
};

/** The same states as the end of a sentence ("The refund of ₩5,000 …"). */
const REFUND_STATE_SENTENCE = {
  pending: 'is being carried out, or retried',
  done: 'is done',
  needs_operator: "waits for a person: i'mport refused it",
  failed: "failed: i'mport refused it",
};

const METHOD = { card: 'card 카드', vbank: 'virtual account 가상계좌', trans: 'bank transfer 계좌이체' };

const PSP = { iamport: "i'mport", portone: 'PortOne' };

export const orderStatus = (status) => ORDER_STATUS[status] ?? status;
export const psp = (provider) => PSP[provider] ?? "i'mport";
/** A payment (or what names one) as its PSP names it: V1's imp_uid, V2's transactionId. */
export const paymentRef = (x) => x.imp_uid ?? x.transaction_id ?? x.source_id;
export const role = (value) => ROLE[value] ?? value;
export const refundReason = (value) => REFUND_REASON[value] ?? value;
export const refundState = (value, form) => (form === 'sentence' ? REFUND_STATE_SENTENCE : REFUND_STATE)[value] ?? value;
export const method = (value) => (value ? METHOD[value] ?? value : 'unknown method');
export const ORDER_STATUSES = Object.keys(ORDER_STATUS);
