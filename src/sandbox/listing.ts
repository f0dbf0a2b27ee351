import { parseNumber } from './inputs.js';

/** reference: `sorting` of find, findAll and status lists; a leading '-' is descending, `-started` the default */
const SORTINGS = ['-started', 'started', '-paid', 'paid', '-updated', 'updated'] as const;
export type Sorting = (typeof SORTINGS)[number];

export const PAYMENT_STATUSES = ['ready', 'paid', 'cancelled', 'failed'] as const;

export interface Page {
  page: number;
  limit: number;
  sorting: Sorting;
}

/** unix seconds, both inclusive */
export interface Period {
  from: number;
  to: number;
}

const MAX_PERIOD_S = 90 * 86400;
type Query = Record<string, unknown>;

function integer(value: unknown, fallback: number, min: number, max: number): number | undefined {
  const parsed = parseNumber(value);
  if (!parsed.ok) return undefined;
  const number = parsed.value ?? fallback;
  return Number.isInteger(number) && number >= min && number <= max ? number : undefined;
}

export const isSorting = (value: string): value is Sorting => (SORTINGS as readonly string[]).includes(value);

/** `sorting` alone (find answers one payment), or the refusal's message. */
export function parseSorting(query: Query): Sorting | string {
  const sorting = query.sorting ?? '-started';
  return typeof sorting === 'string' && isSorting(sorting) ? sorting : `sorting은 ${SORTINGS.join(', ')} 중 하나여야 합니다.`;
}

/** page (from 1), limit (1–1000, default 20) and sorting (reference: findAll, status), or the refusal's message. */
export function parsePage(query: Query): Page | string {
  const sorting = parseSorting(query);
  if (!isSorting(sorting)) return sorting;
  const page = integer(query.page, 1, 1, Number.MAX_SAFE_INTEGER);
  const limit = integer(query.limit, 20, 1, 1000);
  if (page === undefined) return 'page는 1 이상의 정수여야 합니다.';
  if (limit === undefined) return 'limit은 1부터 1000 사이의 정수여야 합니다.';
  return { page, limit, sorting };
}

/**
 * from/to of a status list (reference): `to` defaults to now, `from` to 90 days before `to`; at most 90 days.
 * Returns the refusal's message when they are not unix seconds or span more.
 */
export function parsePeriod(query: Query, now = Math.floor(Date.now() / 1000)): Period | string {
  const to = integer(query.to, now, 0, Number.MAX_SAFE_INTEGER);
  if (to === undefined) return 'to는 UNIX timestamp여야 합니다.';
  const from = integer(query.from, Math.max(0, to - MAX_PERIOD_S), 0, Number.MAX_SAFE_INTEGER);
  if (from === undefined) return 'from은 UNIX timestamp여야 합니다.';
  if (from > to) return 'from은 to보다 클 수 없습니다.';
  if (to - from > MAX_PERIOD_S) return '검색기간은 최대 90일까지입니다.';
  return { from, to };
}

/** The paged answer (reference: PagedPaymentAnnotation); undefined for a page past the end, which is refused. */
export function paged<T>(total: number, list: T[], { page, limit }: Page): { total: number; previous: number; next: number; list: T[] } | undefined {
  if (page > 1 && (page - 1) * limit >= total) return undefined;
  return { total, previous: page > 1 ? page - 1 : 0, next: page * limit < total ? page + 1 : 0, list };
}
