/**
 * The banks a refund can go to, and the code each PG wants for them in i'mport's `refund_bank` (POST /payments/cancel:
 * "환불계좌 은행코드", per PortOne's "PG사별 은행코드" table, developers.portone.io/opi/ko/support/code-info/pg-1).
 * Most PGs take the 3-digit standard code (금융결제원 표준코드); NHN KCP prefixes "BK" to its last two digits, KG이니시스
 * takes the last two digits, and 키움페이 has codes of its own for the banks it supports.
 */

export interface Bank {
  /** the 3-digit standard code */
  standard: string;
  name: string;
}

export const BANKS: readonly Bank[] = [
  { standard: '004', name: 'KB국민은행' },
  { standard: '088', name: '신한은행' },
  { standard: '020', name: '우리은행' },
  { standard: '081', name: '하나은행(외환)' },
  { standard: '011', name: 'NH농협은행' },
  { standard: '003', name: 'IBK기업은행' },
  { standard: '090', name: '카카오뱅크' },
  { standard: '092', name: '토스뱅크' },
  { standard: '089', name: '케이뱅크' },
  { standard: '071', name: '우체국' },
  { standard: '023', name: 'SC제일은행' },
  { standard: '027', name: '한국씨티은행' },
  { standard: '002', name: 'KDB산업은행' },
  { standard: '007', name: 'Sh수협은행' },
  { standard: '012', name: '지역농축협' },
  { standard: '031', name: 'iM뱅크(대구은행)' },
  { standard: '032', name: '부산은행' },
  { standard: '034', name: '광주은행' },
  { standard: '037', name: '전북은행' },
  { standard: '039', name: '경남은행' },
  { standard: '045', name: '새마을금고' },
  { standard: '048', name: '신협' },
];

/** 키움페이 (다우데이타): only these banks, each by a code of its own. */
const KIWOOM: Record<string, string> = { '004': '04', '023': '11', '003': '03', '011': '08', '032': '15', '088': '10', '020': '09', '071': '31', '081': '12' };
/** (신)나이스페이 and 웰컴페이먼츠 list fewer banks, with the standard codes */
const NICE_V2 = new Set(['004', '023', '034', '003', '011', '031', '032', '088', '081', '020', '071', '089']);
const WELCOME = new Set(['004', '034', '039', '003', '031', '032', '007', '088', '081', '020', '037', '089']);

function pgCode(pgProvider: string, standard: string): string | null {
  const provider = pgProvider.replace(/_.*$/, '');
  if (provider === 'kcp') return `BK${standard.slice(1)}`;
  if (provider === 'html5' || provider === 'inicis') return standard.slice(1);
  if (provider === 'daou' || provider === 'kiwoompay') return KIWOOM[standard] ?? null;
  if (pgProvider === 'nice_v2') return NICE_V2.has(standard) ? standard : null;
  if (provider === 'welcome') return WELCOME.has(standard) ? standard : null;
  return standard;
}

/** The banks a refund through this PG can go to, each with the code to send; unknown PGs get the standard codes. */
export function refundBanksOf(pgProvider: string | null | undefined): Array<{ code: string; name: string }> {
  return BANKS.flatMap(({ standard, name }) => {
    const code = pgCode(pgProvider ?? '', standard);
    return code ? [{ code, name }] : [];
  });
}

export const isRefundBankOf = (pgProvider: string | null | undefined, code: string): boolean =>
  refundBanksOf(pgProvider).some((bank) => bank.code === code);
