import { PORTONE_SANDBOX_CREDENTIALS } from '../../../src/config-psp.js';
import type { PaymentStatus } from '../../../src/settlement/model.js';
import { unix, type Fact } from './driver.js';

/**
 * PortOne V2's own record of an order's payment, read over its REST API as the model's own oracle (not through the
 * service's client or adapter) and mapped to facts here: every attempt from its transactions, and the attempt the
 * payment shows from the payment itself, which alone lists a paid attempt's requested cancels.
 */

const STATUS: Record<string, PaymentStatus> = {
  READY: 'ready',
  PAY_PENDING: 'ready',
  VIRTUAL_ACCOUNT_ISSUED: 'ready',
  PAID: 'paid',
  PARTIAL_CANCELLED: 'paid',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
};
const METHOD: Record<string, string> = { PaymentMethodCard: 'card', PaymentMethodVirtualAccount: 'vbank' };
/** the minor units of the currencies the model pays in */
const UNIT: Record<string, number> = { KRW: 1, USD: 100 };
const CANCEL_STATUS = { SUCCEEDED: 'succeeded', REQUESTED: 'requested', FAILED: 'failed' } as const;

interface Cancellation {
  status: keyof typeof CANCEL_STATUS;
  totalAmount: number;
  reason: string;
  requestedAt: string;
  cancelledAt?: string;
}

interface Attempt {
  id: string;
  transactionId?: string;
  paymentId?: string;
  status: string;
  amount: { total: number; cancelled: number };
  currency: string;
  channel?: { type: string };
  method?: { type: string; issuedAt?: string };
  cancellations?: Cancellation[];
}

async function get(base: string, path: string): Promise<unknown> {
  const response = await fetch(`${base}${path}`, { headers: { authorization: `PortOne ${PORTONE_SANDBOX_CREDENTIALS.apiSecret}` } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`PortOne answered ${response.status} for ${path}: ${await response.text()}`);
  return response.json();
}

export async function readPortOne(base: string, paymentId: string): Promise<Fact[]> {
  const path = `/payments/${encodeURIComponent(paymentId)}`;
  const payment = (await get(base, path)) as (Attempt & { id: string; transactionId: string }) | null;
  const listed = ((await get(base, `${path}/transactions`)) as { items: Attempt[] } | null)?.items ?? [];
  return listed.map((attempt) => factOf(attempt.id === payment?.transactionId ? { ...payment, id: payment.transactionId } : attempt, paymentId));
}

function factOf(attempt: Attempt, paymentId: string): Fact {
  const unit = UNIT[attempt.currency] ?? 1;
  return {
    source_id: attempt.id,
    order_id: paymentId,
    status: STATUS[attempt.status]!,
    amount: attempt.amount.total / unit,
    cancel_amount: attempt.amount.cancelled / unit,
    currency: attempt.currency,
    test: attempt.channel?.type === 'TEST',
    method: attempt.method ? (METHOD[attempt.method.type] ?? attempt.method.type) : null,
    issued_at: attempt.method?.issuedAt ? unix(attempt.method.issuedAt) : null,
    cancels: (attempt.cancellations ?? []).map((c) => ({
      amount: c.totalAmount / unit,
      reason: c.reason,
      at: unix(c.cancelledAt ?? c.requestedAt),
      status: CANCEL_STATUS[c.status],
      receipt_url: null,
    })),
  };
}
