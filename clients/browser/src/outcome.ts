/** The closed set of outcomes a checkout resolves to, and what each says to the buyer (Korean, KST). */

export interface VirtualAccount {
  bank: string;
  account: string;
  holder: string | null;
  /** ISO-8601 (UTC) */
  due_at: string | null;
  /** the deadline in Korean Standard Time, as Korean text: 2026년 12월 6일 오후 4:41 */
  due: string | null;
}

interface Told {
  merchant_uid: string;
  /** a headline and a sentence for the buyer, in Korean */
  title: string;
  message: string;
}

/**
 * `final: false` outcomes are followed by another: an issued account by `paid` or `expired`, `not_confirmed` by whatever
 * the order settles to. Only `refused`, `closed`, `forgery_refunded` and `expired` mean the order is unpaid, and only
 * after the service said so about this payment and the order's status agreed.
 */
export type Outcome = Told &
  (
    | { kind: 'paid'; final: true; amount: number }
    | { kind: 'awaiting_deposit'; final: false; amount: number; account: VirtualAccount; imp_uid: string | null }
    | { kind: 'expired'; final: true }
    | { kind: 'refused'; final: true; reason: string }
    | { kind: 'closed'; final: true }
    | { kind: 'forgery_refunded'; final: true; reason: string }
    | { kind: 'already_paid'; final: true }
    | { kind: 'cancelled'; final: true }
    | { kind: 'not_confirmed'; final: false }
  );
export type OutcomeKind = Outcome['kind'];

/** The order's virtual account as the service reports it (Order.vbank, status_url's vbank). */
export interface ServiceVbank {
  num: string;
  bank_name: string;
  holder: string | null;
  due_at: string | null;
}

const NOT_PAID = '결제되지 않았습니다.';
const TEXT: Record<OutcomeKind, [string, string]> = {
  paid: ['결제가 완료되었습니다', '주문해 주셔서 감사합니다.'],
  awaiting_deposit: ['가상계좌가 발급되었습니다', ''],
  expired: ['가상계좌의 입금 기한이 지났습니다', `계좌가 닫혀 ${NOT_PAID} 다시 주문해 주세요.`],
  refused: ['결제가 승인되지 않았습니다', `${NOT_PAID} 다른 결제수단으로 다시 시도해 주세요.`],
  closed: ['결제를 취소하셨습니다', `${NOT_PAID} 언제든 다시 결제하실 수 있습니다.`],
  forgery_refunded: ['결제 내용이 주문과 달라 결제를 받지 않았습니다', `결제하신 금액은 환불됩니다. 주문은 ${NOT_PAID}`],
  already_paid: ['이미 결제된 주문입니다', '이번 결제는 취소했으며, 결제된 금액은 환불됩니다.'],
  cancelled: ['결제가 취소되었습니다', '결제 금액은 결제수단으로 환불됩니다.'],
  not_confirmed: ['결제를 확인하고 있습니다', '다시 결제하지 마세요. 확인되는 대로 이 화면에 결과가 나타납니다.'],
};

const KST_MS = 9 * 3_600_000;

/** Korean Standard Time by hand: no daylight saving time, and no dependence on the browser's locale data. */
export function kst(iso: string): string {
  const t = new Date(Date.parse(iso) + KST_MS);
  const hour = t.getUTCHours();
  const minutes = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCFullYear()}년 ${t.getUTCMonth() + 1}월 ${t.getUTCDate()}일 ${hour < 12 ? '오전' : '오후'} ${hour % 12 || 12}:${minutes}`;
}

export const won = (amount: number): string => `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}원`;

type Details<K extends OutcomeKind> = Omit<Extract<Outcome, { kind: K }>, keyof Told | 'kind' | 'final'>;

/** An outcome with its words; `detail` is put before the standard sentence (the PG's reason, say). */
export function outcome<K extends OutcomeKind>(kind: K, merchantUid: string, details: Details<K>, detail = ''): Outcome {
  const [title, message] = TEXT[kind];
  const final = kind !== 'awaiting_deposit' && kind !== 'not_confirmed';
  return { kind, final, merchant_uid: merchantUid, title, message: [detail, message].filter(Boolean).join(' '), ...details } as Outcome;
}

export function awaitingDeposit(merchantUid: string, amount: number, vbank: ServiceVbank, impUid: string | null): Outcome {
  const account: VirtualAccount = {
    bank: vbank.bank_name,
    account: vbank.num,
    holder: vbank.holder,
    due_at: vbank.due_at,
    due: vbank.due_at ? kst(vbank.due_at) : null,
  };
  const holder = account.holder ? ` (예금주 ${account.holder})` : '';
  const due = account.due ? `${account.due}까지 ` : '';
  const detail = `${account.bank} ${account.account}${holder}로 ${due}${won(amount)}을 입금해 주세요.`;
  return outcome('awaiting_deposit', merchantUid, { amount, account, imp_uid: impUid }, detail);
}

/** i'mport passes the PG's words through; these are how PGs say the buyer closed the window. */
const BUYER_CLOSED = /사용자.{0,10}취소|결제\s*포기|user\s*cancel/i;

/** A payment the PG did not approve: the buyer closed the window, or the PG refused (the reason is its own text). */
export function notApproved(merchantUid: string, reason: string): Outcome {
  return BUYER_CLOSED.test(reason) ? outcome('closed', merchantUid, {}) : outcome('refused', merchantUid, { reason }, reason);
}
