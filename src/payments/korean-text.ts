const KST_OFFSET_MS = 9 * 3_600_000;

/** 12,900원: grouped by hand, since the runtime's ICU may lack Korean. */
export const won = (amount: number | string): string => `${String(Number(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}원`;

/**
 * An instant in Korean Standard Time, as Korean text (2026년 12월 6일 오후 4:41), whatever the server's time zone and
 * whatever locale data its ICU carries (a build without Korean prints "PM 4:41"). Korea keeps no daylight saving time.
 */
export function kst(iso: string): string {
  const t = new Date(Date.parse(iso) + KST_OFFSET_MS);
  const hour = t.getUTCHours();
  const minutes = String(t.getUTCMinutes()).padStart(2, '0');
  return `${t.getUTCFullYear()}년 ${t.getUTCMonth() + 1}월 ${t.getUTCDate()}일 ${hour < 12 ? '오전' : '오후'} ${hour % 12 || 12}:${minutes}`;
}
