import { shownAttempt, type AnswerPatch, type Attempt, type PaymentRecord, type Status, type Transaction } from './model.js';

/** Fields every status variant has (reference: ReadyPayment and ReadyPaymentTransaction). */
const COMMON = ['status', 'merchantId', 'storeId', 'method', 'channel', 'version', 'requestedAt', 'updatedAt', 'statusChangedAt', 'orderName', 'amount', 'currency', 'customer', 'customData'] as const;

type Field = keyof Transaction;
const PAID_FIELDS: Field[] = ['paidAt', 'pgTxId', 'cashReceiptIssuanceStatus', 'receiptUrl'];

/** The fields each status adds (reference: the Payment and PaymentTransaction variants). */
const BY_STATUS: Record<Status, Field[]> = {
  READY: [],
  PAY_PENDING: ['pgTxId'],
  VIRTUAL_ACCOUNT_ISSUED: ['pgTxId'],
  PAID: PAID_FIELDS,
  FAILED: ['failedAt', 'failure'],
  PARTIAL_CANCELLED: [...PAID_FIELDS, 'cancellations', 'cancelledAt'],
  CANCELLED: [...PAID_FIELDS, 'cancellations', 'cancelledAt'],
};

function fieldsOf(tx: Transaction): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of [...COMMON, ...BY_STATUS[tx.status]]) if (tx[field] !== undefined) picked[field] = tx[field];
  return picked;
}

/** One attempt as GET /payments/{paymentId}/transactions lists it (PaymentTransaction). */
export function toTransaction({ tx }: Attempt): Record<string, unknown> {
  return { id: tx.id, paymentId: tx.paymentId, ...fieldsOf(tx) };
}

/**
 * The Payment PortOne answers for a paymentId: its shown attempt (model.ts), with the attempt id as `transactionId`,
 * where it came from, and the control API's overwritten fields. A PAID payment lists its disputes (none here) and its
 * cancel requests, if any are pending.
 */
export function toPayment(record: PaymentRecord): Record<string, unknown> | undefined {
  const attempt = shownAttempt(record);
  if (!attempt) return undefined;
  const { tx, origin } = attempt;
  const paid = tx.status === 'PAID' ? { disputes: [], ...(tx.cancellations.length ? { cancellations: tx.cancellations } : {}) } : {};
  const payment = { id: tx.paymentId, transactionId: tx.id, ...fieldsOf(tx), origin, ...paid };
  return record.answerPatch ? patched(payment, record.answerPatch) : payment;
}

/** `amount.total` → ['amount', 'total'] on a copy; a missing parent becomes an object. */
function patched(answer: Record<string, unknown>, patch: AnswerPatch): Record<string, unknown> {
  const copy = structuredClone(answer);
  const parentOf = (path: string[]) => {
    let node = copy;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    return node;
  };
  for (const [path, value] of Object.entries(patch.fields)) {
    const keys = path.split('.');
    parentOf(keys)[keys.at(-1)!] = value;
  }
  for (const path of patch.remove) {
    const keys = path.split('.');
    delete parentOf(keys)[keys.at(-1)!];
  }
  return copy;
}
