/**
 * PGs that can close an unpaid virtual account: the reference's list for DELETE /vbanks/{imp_uid}
 * (x-portone-supported-pgs), plus NHN KCP (`kcp`), which its description names too. Outside it (e.g. jtnet) an
 * issued account stays open until its due date.
 */
const REVOCABLE = new Set(['html5_inicis', 'kcp', 'uplus', 'danal', 'nice', 'kicc', 'settle', 'smartro', 'tosspayments', 'ksnet', 'smartro_v2', 'nice_v2', 'welcome']);

/** KG이니시스, the simulator's default PG, the one that needs its pg_api_key to close an account (reference). */
export const INICIS = 'html5_inicis';

export function canCloseVbank(pgProvider: string | null | undefined): boolean {
  return REVOCABLE.has(pgProvider ?? INICIS);
}

export function unsupportedVbankClose(pgProvider: string | null | undefined): string {
  return `가상계좌 발급취소(말소)를 지원하지 않는 PG사입니다. (${pgProvider ?? ''})`;
}

/** request_pay's `pg`: "provider" or "provider.mid" (reference: Browser side), e.g. "html5_inicis.INIpayTest". */
export function parsePg(pg: string): { pg_provider: string; pg_id?: string } | undefined {
  const match = /^([a-z0-9_]{1,16})(?:\.([A-Za-z0-9_-]{1,80}))?$/.exec(pg);
  return match ? { pg_provider: match[1]!, ...(match[2] ? { pg_id: match[2] } : {}) } : undefined;
}
