import { awaitingDeposit, notApproved, outcome, type Outcome } from './outcome.js';
import { getStatus, postComplete, type Claim, type CompleteAnswer, type OrderStatus } from './service.js';

export interface Watched {
  merchant_uid: string;
  status_url: string;
  /** the service's base URL */
  service: string;
  /** the payment the buyer came back with, when there is one to verify */
  claim?: Claim | undefined;
  /** set when the payment window said the payment failed: its words, kept to tell a closed window from a refusal */
  failure?: string | undefined;
  onOutcome?: ((outcome: Outcome) => void) | undefined;
  signal?: AbortSignal | undefined;
}

/** i'mport's id of the payment being verified (null for V2, whose payment is the order's own id) */
const impUidOf = (w: Watched): string | null => (w.claim && 'imp_uid' in w.claim ? w.claim.imp_uid : null);

const MAX_WAIT_S = 25;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
/** 2 s, 4 s, … up to a minute, spread so that pages that lost i'mport together do not come back together */
const later = (ms: number) => Math.min(ms * 2, MAX_RETRY_MS) * (0.75 + Math.random() / 2);

/** What the service's answer to `POST /payments/complete` means; undefined for anything it does not settle. */
export function fromComplete(w: Watched, answer: CompleteAnswer): Outcome | undefined {
  const id = w.merchant_uid;
  switch (`${answer.http} ${answer.status}`) {
    case '200 success':
      return outcome('paid', id, { amount: answer.order?.amount ?? 0 });
    case '200 vbankIssued':
      return answer.order?.vbank ? awaitingDeposit(id, answer.order.amount, answer.order.vbank, answer.order.imp_uid) : undefined;
    case '200 cancelled':
      return outcome('cancelled', id, {});
    case '400 failed':
      return notApproved(id, w.failure || answer.message || '');
    case '404 notFound':
      // the PSP has no such payment: after a window that failed, none was made; otherwise it may be on its way
      return w.failure === undefined ? undefined : notApproved(id, w.failure || answer.message || '');
    case '400 forgery':
      return outcome('forgery_refunded', id, { reason: answer.message ?? '' });
    case '409 duplicate':
      return outcome('already_paid', id, {});
    default:
      return undefined;
  }
}

/** What the order's status says; undefined while it says nothing new (not paid yet, or failed: then ask why). */
function fromStatus(w: Watched, status: OrderStatus, current: Outcome): Outcome | undefined {
  const id = w.merchant_uid;
  switch (status.outcome) {
    case 'paid':
      return outcome('paid', id, { amount: status.paid_amount });
    case 'awaiting_deposit':
      return status.vbank ? awaitingDeposit(id, status.amount, status.vbank, current.kind === 'awaiting_deposit' ? current.imp_uid : impUidOf(w)) : undefined;
    case 'refunded_forgery':
      return outcome('forgery_refunded', id, { reason: '' });
    case 'cancelled':
      return outcome('cancelled', id, {});
    case 'failed':
      if (current.kind === 'awaiting_deposit') return outcome('expired', id, {});
      return w.claim ? undefined : notApproved(id, w.failure ?? '');
    default:
      return undefined;
  }
}

/**
 * Follows the order from `current` until it settles: long-polls its status URL, and while the payment is not confirmed
 * asks the service to verify it again (2 s, 4 s, … a minute apart). Every new outcome goes to `onOutcome`; resolves with
 * the final one, or with the latest when `signal` aborts. It never concludes "not paid" from a missing answer.
 */
export async function follow(w: Watched, current: Outcome): Promise<Outcome> {
  const tell = (next: Outcome) => {
    // a newer account replacing the one shown is news too
    const account = (o: Outcome) => (o.kind === 'awaiting_deposit' ? o.account.account : '');
    if (next.kind !== current.kind || account(next) !== account(current)) w.onOutcome?.(next);
    return (current = next);
  };
  let version: number | undefined;
  let retryMs = FIRST_RETRY_MS;
  let verifyAt = Date.now() + retryMs;
  let statusRetryMs = 500;
  while (!current.final && !w.signal?.aborted) {
    if (current.kind === 'not_confirmed' && w.claim && Date.now() >= verifyAt) {
      const verified = await postComplete(w.service, w.claim, w.signal).then((answer) => fromComplete(w, answer), () => undefined);
      if (verified) tell(await confirmUnpaid(w, verified));
      verifyAt = Date.now() + (retryMs = later(retryMs));
      continue;
    }
    const untilVerify = current.kind === 'not_confirmed' && w.claim ? Math.ceil((verifyAt - Date.now()) / 1000) : MAX_WAIT_S;
    const wait = version === undefined ? 0 : Math.max(1, Math.min(MAX_WAIT_S, untilVerify));
    const status = await getStatus(w.status_url, w.signal, wait, version).catch(() => undefined);
    if (!status) {
      await sleep((statusRetryMs = Math.min(statusRetryMs * 2, 30_000)), w.signal);
      continue;
    }
    statusRetryMs = 500;
    if (status.outcome === 'failed' && w.claim && current.kind === 'not_confirmed') verifyAt = 0;
    version = status.version;
    const seen = fromStatus(w, status, current);
    if (seen) tell(seen);
  }
  return current;
}

/**
 * The service said this payment did not pay the order; the order may still be paid by another (a second tab, an
 * account deposited meanwhile). Its status decides, so no page says "not paid" for an order that is paid. A payment
 * the window did not say failed may still be on its way (V2's PAY_PENDING): it is called refused only once the order
 * says failed.
 */
export async function confirmUnpaid(w: Watched, said: Outcome): Promise<Outcome> {
  if (said.kind !== 'refused' && said.kind !== 'closed' && said.kind !== 'forgery_refunded') return said;
  const status = await getStatus(w.status_url, w.signal).catch(() => undefined);
  if (status?.outcome === 'paid' || status?.outcome === 'awaiting_deposit') return fromStatus(w, status, said) ?? said;
  if (said.kind !== 'forgery_refunded' && w.failure === undefined && status?.outcome !== 'failed') return outcome('not_confirmed', w.merchant_uid, {});
  return said;
}
