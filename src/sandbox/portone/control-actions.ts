import { approve, DECLINED, fail, holdPending, issueAccount, newAttempt } from './attempts.js';
import { cancelPayment, completeRequested } from './cancel.js';
import type { ActionInput, CreateInput } from './control-schemas.js';
import type { PortOneSandboxCredentials } from './credentials.js';
import { isRefusal, type Refusal } from './errors.js';
import { eventOf } from './events.js';
import { wasPaid, type Attempt, type Cancellation, type PaymentRecord, type Status } from './model.js';
import type { WebhookEvent } from './webhooks.js';

/** What a control action did: the attempt it changed (at `index`), a cancellation, the webhook it would send. */
export interface Acted {
  record: PaymentRecord;
  attempt: Attempt;
  cancellation?: Cancellation;
  event?: WebhookEvent;
}

/** A refusal of the control API's own (a string), or one of PortOne's rules (a V2 refusal). */
export type ControlResult = Acted | Refusal | string;

const ONE_SUCCESS = 'PortOne lets one attempt of a paymentId succeed, and this paymentId is paid already';
const PAID_STATUSES: Status[] = ['PAID', 'PARTIAL_CANCELLED', 'CANCELLED'];

const replaced = (record: PaymentRecord, index: number, attempt: Attempt): PaymentRecord => ({
  ...record,
  attempts: index < record.attempts.length ? record.attempts.with(index, attempt) : [...record.attempts, attempt],
});

/** A new attempt under the paymentId, brought to the asked status at `at` as PortOne would have recorded it. */
export function createAttempt(existing: PaymentRecord | undefined, input: CreateInput, credentials: PortOneSandboxCredentials): ControlResult {
  const record = existing ?? { paymentId: input.paymentId, attempts: [], asyncCancels: false };
  if (PAID_STATUSES.includes(input.status) && record.attempts.some((a) => wasPaid(a.tx))) return ONE_SUCCESS;
  const at = input.at ?? new Date().toISOString();
  const payMethod = input.method ?? (input.status === 'VIRTUAL_ACCOUNT_ISSUED' ? 'VIRTUAL_ACCOUNT' : 'CARD');
  const { paymentId, amount: totalAmount, currency, taxFreeAmount, channel, orderName, customer, customData, noticeUrls } = input;
  let attempt = newAttempt({ paymentId, totalAmount, currency, taxFreeAmount, channel, payMethod, orderName, customer, customData, noticeUrls }, credentials, at);
  if (payMethod === 'VIRTUAL_ACCOUNT' && input.status !== 'READY' && input.status !== 'FAILED') attempt = issueAccount(attempt, at, input.accountValidHours);
  if (input.status === 'PAY_PENDING') attempt = holdPending(attempt, at);
  if (input.status === 'FAILED') attempt = fail(attempt, at, { reason: input.failureReason ?? DECLINED });
  if (PAID_STATUSES.includes(input.status)) attempt = approve(attempt, at);
  const index = record.attempts.length;
  let next = replaced(record, index, attempt);
  if (input.status === 'PARTIAL_CANCELLED' || input.status === 'CANCELLED') {
    const amount = input.status === 'CANCELLED' ? undefined : (input.cancelledAmount ?? Math.floor(totalAmount / 2));
    const cancelled = cancelPayment(next, { amount, reason: 'PG사 취소', refundAccount: true, trigger: 'CONSOLE', async: false }, at);
    if (isRefusal(cancelled)) return cancelled;
    attempt = cancelled.attempt;
    next = replaced(next, index, attempt);
  }
  return { record: next, attempt, event: eventOf(attempt) };
}

/** The attempt named, or the newest one in one of `statuses`. */
function pick(record: PaymentRecord, body: ActionInput, statuses: Status[]): number {
  if (body.transactionId) return record.attempts.findIndex((a) => a.tx.id === body.transactionId && statuses.includes(a.tx.status));
  return record.attempts.findLastIndex((a) => statuses.includes(a.tx.status));
}

function transition(record: PaymentRecord, body: ActionInput, statuses: Status[], change: (attempt: Attempt) => Attempt | string): ControlResult {
  const index = pick(record, body, statuses);
  if (index < 0) return `no attempt${body.transactionId ? ` ${body.transactionId}` : ''} in ${statuses.join('/')}`;
  const attempt = change(record.attempts[index]!);
  if (typeof attempt === 'string') return attempt;
  return { record: replaced(record, index, attempt), attempt, event: eventOf(attempt) };
}

const now = () => new Date().toISOString();
const paidElsewhere = (record: PaymentRecord) => record.attempts.some((a) => wasPaid(a.tx));

/** State changes a buyer, a bank, a PG or an operator causes; each sends its webhook unless `webhook: false`. */
export const ACTIONS: Record<string, (record: PaymentRecord, body: ActionInput) => ControlResult> = {
  /** money arrives in an issued account (webhook trigger VIRTUAL_ACCOUNT_DEPOSIT) */
  deposit: (record, body) => (paidElsewhere(record) ? ONE_SUCCESS : transition(record, body, ['VIRTUAL_ACCOUNT_ISSUED'], (a) => approve(a, now()))),
  /** a card attempt approved late (a PayPal-style pending one, or one that had failed) */
  pay: (record, body) =>
    paidElsewhere(record)
      ? ONE_SUCCESS
      : transition(record, body, ['READY', 'PAY_PENDING', 'FAILED'], (a) => (a.payMethod === 'CARD' ? approve(a, now()) : 'a virtual account is paid by deposit')),
  /** declined, or an account that expired undeposited */
  fail: (record, body) => transition(record, body, ['READY', 'PAY_PENDING', 'VIRTUAL_ACCOUNT_ISSUED'], (a) => fail(a, now(), { reason: body.reason ?? DECLINED })),
  /** a cancel made in PortOne's console (trigger CONSOLE), full or partial; carried out at once */
  cancel: (record, body) => {
    const outcome = cancelPayment(record, { amount: body.amount, reason: body.reason ?? '관리자 콘솔 취소', refundAccount: true, trigger: 'CONSOLE', async: false }, now());
    if (isRefusal(outcome)) return outcome;
    return { record: replaced(record, outcome.index, outcome.attempt), attempt: outcome.attempt, cancellation: outcome.cancellation, event: eventOf(outcome.attempt, undefined, outcome.cancellation.id) };
  },
};

/** A requested (asynchronous) cancel carried out, or refused by the PG (then no webhook: none is documented for it). */
export function completeCancel(record: PaymentRecord, options: { cancellationId?: string; fail?: boolean }): ControlResult {
  const outcome = completeRequested(record, now(), options);
  if (!outcome) return 'no requested cancellation is pending';
  const event = options.fail ? undefined : eventOf(outcome.attempt, undefined, outcome.cancellation.id);
  return { record: replaced(record, outcome.index, outcome.attempt), attempt: outcome.attempt, cancellation: outcome.cancellation, ...(event ? { event } : {}) };
}

/** A cash receipt issued: the payment changes (updatedAt) while its status and statusChangedAt stay, without a webhook. */
export function issueCashReceipt(record: PaymentRecord): ControlResult {
  const index = record.attempts.findIndex((a) => wasPaid(a.tx));
  if (index < 0) return 'only a paid payment gets a cash receipt';
  const { tx, ...rest } = record.attempts[index]!;
  const attempt = { ...rest, tx: { ...tx, cashReceiptIssuanceStatus: 'ISSUED' as const, updatedAt: now() } };
  return { record: replaced(record, index, attempt), attempt };
}
