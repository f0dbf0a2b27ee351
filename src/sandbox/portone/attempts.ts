import { randomUUID } from 'node:crypto';
import type { PortOneSandboxCredentials } from './credentials.js';
import type { Amount, Attempt, Channel, ChannelType, Customer, Origin, PayMethod, Transaction } from './model.js';

export interface NewAttempt {
  paymentId: string;
  /** in the currency's minor unit */
  totalAmount: number;
  currency: string;
  taxFreeAmount?: number;
  channel: ChannelType;
  payMethod: PayMethod;
  orderName?: string;
  customer?: Customer;
  /** any JSON value; PortOne keeps it serialized (reference: customData is a string) */
  customData?: unknown;
  noticeUrls?: string[];
  origin?: Origin;
}

export const DEFAULT_ACCOUNT_HOURS = 72;
/** the PG's refusal of a card, as a declined attempt records it */
export const DECLINED = '[1001] 카드 승인이 거절되었습니다 (한도초과)';
const SANDBOX_ORIGIN: Origin = { platformType: 'API', ipAddress: '127.0.0.1', userAgent: 'sandbox' };
const digits = (id: string) => id.replace(/\D/g, '').slice(0, 12).padEnd(12, '0');

function channelOf(type: ChannelType, credentials: PortOneSandboxCredentials): Channel {
  const live = type === 'LIVE';
  return {
    type,
    id: live ? 'channel-id-sandbox-live' : 'channel-id-sandbox-test',
    key: live ? credentials.liveChannelKey : credentials.testChannelKey,
    name: live ? 'KG이니시스 (샌드박스 실연동)' : 'KG이니시스 (샌드박스 테스트)',
    pgProvider: 'INICIS_V2',
    pgMerchantId: live ? 'sandboxmid' : 'INIpayTest',
  };
}

/** VAT is 1/11 of the taxable part in KRW; other currencies carry no VAT breakdown. */
function amountOf(total: number, currency: string, taxFree = 0): Amount {
  const vat = currency === 'KRW' ? Math.round((total - taxFree) / 11) : undefined;
  return { total, taxFree, ...(vat === undefined ? {} : { vat, supply: total - vat }), discount: 0, paid: 0, cancelled: 0, cancelledTaxFree: 0 };
}

/** A new attempt at `at`, as PortOne records it when the payment window opens: READY. */
export function newAttempt(input: NewAttempt, credentials: PortOneSandboxCredentials, at: string): Attempt {
  const tx: Transaction = {
    id: randomUUID(),
    paymentId: input.paymentId,
    status: 'READY',
    merchantId: credentials.merchantId,
    storeId: credentials.storeId,
    channel: channelOf(input.channel, credentials),
    version: 'V2',
    requestedAt: at,
    updatedAt: at,
    statusChangedAt: at,
    orderName: input.orderName ?? '샌드박스 주문',
    amount: amountOf(input.totalAmount, input.currency, input.taxFreeAmount),
    currency: input.currency,
    customer: input.customer ?? {},
    ...(input.customData === undefined ? {} : { customData: JSON.stringify(input.customData) }),
    cancellations: [],
  };
  return { tx, payMethod: input.payMethod, origin: input.origin ?? SANDBOX_ORIGIN, ...(input.noticeUrls?.length ? { noticeUrls: input.noticeUrls } : {}) };
}

const moved = (tx: Transaction, now: string): Transaction => ({ ...tx, updatedAt: now, statusChangedAt: now });

/** A card approved, or money deposited into the issued account: PAID. */
export function approve({ tx, ...rest }: Attempt, now: string): Attempt {
  const card = rest.payMethod === 'CARD';
  const { failedAt: _failedAt, failure: _failure, ...kept } = tx;
  const next: Transaction = {
    ...moved(kept, now),
    status: 'PAID',
    paidAt: now,
    amount: { ...tx.amount, paid: tx.amount.total - tx.amount.discount },
    pgTxId: tx.pgTxId ?? `StdpayCARDINIpayTest${digits(tx.id)}`,
    cashReceiptIssuanceStatus: card ? undefined : 'NOT_ISSUED',
    receiptUrl: `https://sandbox.portone.invalid/receipts/${tx.id}`,
  };
  if (card) {
    next.method = {
      type: 'PaymentMethodCard',
      card: { publisher: '361', issuer: '361', brand: 'LOCAL', type: 'CREDIT', ownerType: 'PERSONAL', bin: '910003', name: 'BC카드', number: '910003******8' },
      approvalNumber: digits(tx.id).slice(0, 8),
      installment: { month: 0, isInterestFree: false },
      pointUsed: false,
    };
  }
  return { ...rest, tx: dropUndefined(next) };
}

/** A virtual account issued, open for `validHours`: VIRTUAL_ACCOUNT_ISSUED. */
export function issueAccount({ tx, ...rest }: Attempt, now: string, validHours = DEFAULT_ACCOUNT_HOURS): Attempt {
  const expiredAt = new Date(Date.parse(now) + validHours * 3_600_000).toISOString();
  const next: Transaction = {
    ...moved(tx, now),
    status: 'VIRTUAL_ACCOUNT_ISSUED',
    pgTxId: `StdpayVBNKINIpayTest${digits(tx.id)}`,
    method: { type: 'PaymentMethodVirtualAccount', bank: 'KOOKMIN', accountNumber: `T${digits(tx.id)}`, accountType: 'NORMAL', remitteeName: '（주）샌드박스상점', expiredAt, issuedAt: now },
  };
  return { ...rest, tx: next };
}

/** A PayPal-style approval still pending at the PG: PAY_PENDING. */
export function holdPending({ tx, ...rest }: Attempt, now: string): Attempt {
  return { ...rest, tx: { ...moved(tx, now), status: 'PAY_PENDING', pgTxId: tx.pgTxId ?? `StdpayPENDINIpayTest${digits(tx.id)}` } };
}

/** Declined, expired or closed: FAILED. */
export function fail({ tx, ...rest }: Attempt, now: string, failure: Transaction['failure'] = {}): Attempt {
  return { ...rest, tx: { ...moved(tx, now), status: 'FAILED', failedAt: now, failure } };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
