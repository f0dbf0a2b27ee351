import type { Cancel, PaymentFact, PaymentStatus } from '../../settlement/model.js';
import { V2_BANKS } from './banks.js';
import { isUnverifiable, type PortOneCancellation, type PortOnePayment, type PortOneStatus, type ReadPayment } from './schemas.js';

/**
 * PortOne V2's payments as the settlement core's facts. One fact per attempt (transaction): a V2 payment is the order's
 * (its paymentId is the order's merchant_uid), its attempts are the order's payment sources. V2 amounts are integers in
 * the currency's minor unit; facts hold the currency's main unit (won for KRW, the same number).
 */

/** V2 keeps a partly refunded payment apart (PARTIAL_CANCELLED); the fact, as V1, says paid with money cancelled. */
const STATUS: Record<PortOneStatus, PaymentStatus> = {
  READY: 'ready',
  PAY_PENDING: 'ready',
  VIRTUAL_ACCOUNT_ISSUED: 'ready',
  PAID: 'paid',
  PARTIAL_CANCELLED: 'paid',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
};

const METHOD: Record<string, string> = {
  PaymentMethodCard: 'card',
  PaymentMethodVirtualAccount: 'vbank',
  PaymentMethodTransfer: 'trans',
  PaymentMethodMobile: 'phone',
  PaymentMethodEasyPay: 'easypay',
  PaymentMethodGiftCertificate: 'giftcertificate',
  PaymentMethodConvenienceStore: 'cvs',
  PaymentMethodCrypto: 'crypto',
};

/**
 * ISO 4217 minor-unit digits, as the platform knows them (KRW 0, USD 2, JPY 0). A number format is costly to build and
 * every amount of every fact asks, so each well-formed code's answer is kept (at most 26³ of them).
 */
const DIGITS = new Map<string, number>();
function digitsOf(currency: string): number {
  const code = currency.toUpperCase();
  const known = DIGITS.get(code);
  if (known !== undefined) return known;
  try {
    const digits = new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 0;
    DIGITS.set(code, digits);
    return digits;
  } catch {
    return 0;
  }
}

export const toMainUnit = (minor: number, currency: string): number => minor / 10 ** digitsOf(currency);
export const toMinorUnit = (amount: number, currency: string): number => Math.round(amount * 10 ** digitsOf(currency));

const unix = (time: string | undefined): number => (time ? Math.floor(Date.parse(time) / 1000) || 0 : 0);

/** One attempt (`payment.transactionId`) of the payment `paymentId`. */
export function factOf(payment: ReadPayment, paymentId: string): PaymentFact {
  const sourceId = payment.transactionId ?? paymentId;
  if (isUnverifiable(payment)) return unverifiable(sourceId, paymentId, payment.unverifiable);
  const main = (minor: number) => toMainUnit(minor, payment.currency);
  return {
    provider: 'portone',
    source_id: sourceId,
    order_id: payment.id,
    status: STATUS[payment.status],
    amount: main(payment.amount.total),
    cancel_amount: main(payment.amount.cancelled),
    currency: payment.currency,
    test: payment.channel?.type === 'TEST',
    method: payment.method ? (METHOD[payment.method.type] ?? payment.method.type) : null,
    pg: payment.channel?.pgProvider ?? null,
    account: accountOf(payment),
    started_at: unix(payment.requestedAt),
    paid_at: unix(payment.paidAt),
    failed_at: unix(payment.failedAt),
    cancelled_at: unix(payment.cancelledAt),
    fail_reason: payment.failure?.reason ?? payment.failure?.pgMessage ?? null,
    receipt_url: null,
    cancels: payment.cancellations.map((cancellation) => cancelOf(cancellation, payment.currency)),
  };
}

function accountOf(payment: PortOnePayment): PaymentFact['account'] {
  const method = payment.method;
  if (method?.type !== 'PaymentMethodVirtualAccount' || !('accountNumber' in method) || !method.accountNumber) return null;
  const account = method as { accountNumber: string; bank?: string; remitteeName?: string; expiredAt?: string; issuedAt?: string };
  return { number: account.accountNumber, bank: bankName(account.bank), holder: account.remitteeName ?? null, due_at: unix(account.expiredAt), issued_at: unix(account.issuedAt) };
}

/** V2 names the bank by its enum code (KOOKMIN); the order shows the name a buyer knows, as V1's vbank_name does. */
const bankName = (code: string | undefined): string => V2_BANKS.find((bank) => bank.code === code)?.name ?? code ?? '';

const cancelOf = (cancellation: PortOneCancellation, currency: string): Cancel => ({
  amount: toMainUnit(cancellation.totalAmount, currency),
  reason: cancellation.reason ?? null,
  at: unix(cancellation.cancelledAt ?? cancellation.requestedAt),
  status: cancellation.status === 'SUCCEEDED' ? 'succeeded' : cancellation.status === 'REQUESTED' ? 'requested' : 'failed',
  receipt_url: null,
});

/** Placeholders no rule acts on (settlement/model.ts): the answer's money fields were missing or of another type. */
function unverifiable(sourceId: string, paymentId: string, why: string): PaymentFact {
  return {
    provider: 'portone',
    source_id: sourceId,
    order_id: paymentId,
    status: 'failed',
    amount: 0,
    cancel_amount: 0,
    currency: '',
    test: false,
    method: null,
    pg: null,
    account: null,
    started_at: 0,
    paid_at: 0,
    failed_at: 0,
    cancelled_at: 0,
    fail_reason: null,
    receipt_url: null,
    cancels: [],
    unverifiable: why,
  };
}
