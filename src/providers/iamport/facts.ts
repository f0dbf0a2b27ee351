import type { Cancel, PaymentFact } from '../../settlement/model.js';
import type { IamportPayment } from './schemas.js';

/**
 * i'mport's Payment as the settlement core's fact. V1 lists a payment's cancels in `cancel_history`, each carried out
 * (V1 has no asynchronous cancel), and keeps a partly refunded payment `paid` with `cancel_amount` > 0, as the fact does.
 */
export function factOf(p: IamportPayment): PaymentFact {
  const account =
    p.pay_method === 'vbank' && p.vbank_num
      ? { number: p.vbank_num, bank: p.vbank_name ?? '', holder: p.vbank_holder ?? null, due_at: p.vbank_date ?? 0, issued_at: p.vbank_issued_at ?? 0 }
      : null;
  return {
    provider: 'iamport',
    source_id: p.imp_uid,
    order_id: p.merchant_uid,
    status: p.status,
    amount: p.amount,
    cancel_amount: p.cancel_amount,
    currency: p.currency,
    test: p.sandbox,
    method: p.pay_method ?? null,
    pg: p.pg_provider ?? null,
    account,
    started_at: p.started_at ?? 0,
    paid_at: p.paid_at ?? 0,
    failed_at: p.failed_at ?? 0,
    cancelled_at: p.cancelled_at ?? 0,
    fail_reason: p.fail_reason ?? null,
    receipt_url: p.receipt_url ?? null,
    cancels: (p.cancel_history ?? []).map(cancelOf),
    ...(p.unverifiable === undefined ? {} : { unverifiable: p.unverifiable }),
  };
}

const cancelOf = (entry: NonNullable<IamportPayment['cancel_history']>[number]): Cancel => ({
  amount: entry.amount,
  reason: entry.reason,
  at: entry.cancelled_at,
  status: 'succeeded',
  receipt_url: entry.receipt_url ?? null,
});
