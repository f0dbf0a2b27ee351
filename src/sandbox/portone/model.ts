/**
 * What the simulator keeps of a V2 payment (reference: portone-v2.openapi.yml, Payment and PaymentTransaction). A
 * paymentId is the shop's id; under it live the attempts (transactions) PortOne numbered, each with its own status,
 * amount and method. The answers are rendered from these records (render.ts).
 */

export const STATUSES = ['READY', 'PAY_PENDING', 'VIRTUAL_ACCOUNT_ISSUED', 'PAID', 'FAILED', 'PARTIAL_CANCELLED', 'CANCELLED'] as const;
export type Status = (typeof STATUSES)[number];

/** PaymentAmount: integers in the currency's minor unit (KRW ×1, USD ×100). */
export interface Amount {
  total: number;
  taxFree: number;
  vat?: number;
  supply?: number;
  discount: number;
  paid: number;
  cancelled: number;
  cancelledTaxFree: number;
}

export type ChannelType = 'LIVE' | 'TEST';

export interface Channel {
  type: ChannelType;
  id: string;
  key: string;
  name: string;
  pgProvider: string;
  pgMerchantId: string;
}

export interface CardMethod {
  type: 'PaymentMethodCard';
  card: { publisher: string; issuer: string; brand: 'LOCAL'; type: 'CREDIT'; ownerType: 'PERSONAL'; bin: string; name: string; number: string };
  approvalNumber?: string;
  installment: { month: number; isInterestFree: boolean };
  pointUsed: boolean;
}

export interface AccountMethod {
  type: 'PaymentMethodVirtualAccount';
  bank: string;
  accountNumber: string;
  accountType: 'NORMAL';
  remitteeName: string;
  expiredAt: string;
  issuedAt: string;
}

export type Method = CardMethod | AccountMethod;

export type CancellationStatus = 'REQUESTED' | 'SUCCEEDED' | 'FAILED';

/** PaymentCancellation; `trigger` says whether the shop's API call or the console asked for it. */
export interface Cancellation {
  status: CancellationStatus;
  id: string;
  pgCancellationId?: string;
  totalAmount: number;
  taxFreeAmount: number;
  vatAmount: number;
  reason: string;
  cancelledAt?: string;
  requestedAt: string;
  receiptUrl?: string;
  trigger: 'API' | 'CONSOLE';
}

export interface Customer {
  id?: string;
  name?: string;
  email?: string;
  phoneNumber?: string;
}

/** One attempt, as PaymentTransaction shows it; the fields of the statuses it has not reached are absent. */
export interface Transaction {
  id: string;
  paymentId: string;
  status: Status;
  merchantId: string;
  storeId: string;
  method?: Method;
  channel: Channel;
  version: 'V2';
  requestedAt: string;
  updatedAt: string;
  statusChangedAt: string;
  orderName: string;
  amount: Amount;
  currency: string;
  customer: Customer;
  customData?: string;
  pgTxId?: string;
  paidAt?: string;
  receiptUrl?: string;
  cashReceiptIssuanceStatus?: 'ISSUED' | 'NOT_ISSUED';
  failedAt?: string;
  failure?: { reason?: string; pgCode?: string; pgMessage?: string };
  cancelledAt?: string;
  /** requested, succeeded and failed cancels, oldest first (shown while PAID too, as "cancel requests") */
  cancellations: Cancellation[];
}

/** PaymentOrigin: shown on the Payment, not on its transactions. */
export interface Origin {
  platformType: 'PC' | 'MOBILE' | 'API';
  ipAddress: string;
  userAgent?: string;
  url?: string;
}

export type PayMethod = 'CARD' | 'VIRTUAL_ACCOUNT';

export interface Attempt {
  tx: Transaction;
  /** what requestPayment asked for: decides what approving the attempt means (card approval or account issue) */
  payMethod: PayMethod;
  origin: Origin;
  /** requestPayment's noticeUrls: this attempt's webhooks go there instead of the configured URL */
  noticeUrls?: string[];
}

/** A pre-registration (POST /payments/{paymentId}/pre-register); an absent field is not checked. */
export interface PreRegistered {
  totalAmount?: number;
  taxFreeAmount?: number;
  currency?: string;
}

/** Fields of the answer overwritten or removed by the control API (dotted paths such as `amount.total`). */
export interface AnswerPatch {
  fields: Record<string, unknown>;
  remove: string[];
}

export interface PaymentRecord {
  paymentId: string;
  attempts: Attempt[];
  preRegistered?: PreRegistered;
  /** the control API made this payment's cancels asynchronous: they answer REQUESTED */
  asyncCancels: boolean;
  answerPatch?: AnswerPatch;
}

/** An attempt that was paid keeps `paidAt` through its cancels. */
export const wasPaid = (tx: Transaction): boolean => tx.status === 'PAID' || tx.status === 'PARTIAL_CANCELLED' || tx.status === 'CANCELLED';

/**
 * The attempt GET /payments/{paymentId} shows (fact sheet §13.1, the simulator's choice): the paid one if any (at most
 * one can be), else the newest. Undefined when the payment has no attempt yet (only a pre-registration).
 */
export function shownAttempt(record: PaymentRecord): Attempt | undefined {
  return record.attempts.find((attempt) => wasPaid(attempt.tx)) ?? record.attempts.at(-1);
}
