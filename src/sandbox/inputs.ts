/**
 * Parsing of what callers send, at the sandbox's edge. i'mport takes JSON and form bodies alike (reference:
 * `consumes`), so a number may come as a JSON number or as a decimal string; anything else is not a number.
 */

/** What PostgreSQL cannot store: U+0000 (text and jsonb), and a UTF-16 surrogate without its pair (jsonb). */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export type Parsed<T> = { ok: true; value: T } | { ok: false };
const valid = <T>(value: T): Parsed<T> => ({ ok: true, value });
const invalid: Parsed<never> = { ok: false };

/** True when a string anywhere in the value (object keys included) could not reach PostgreSQL. */
export function unstorable(value: unknown): boolean {
  if (typeof value === 'string') return UNSTORABLE.test(value);
  if (Array.isArray(value)) return value.some(unstorable);
  if (value && typeof value === 'object') return Object.entries(value).some(([key, item]) => UNSTORABLE.test(key) || unstorable(item));
  return false;
}

/** A finite number; `undefined` when absent (missing, null or empty). */
export function parseNumber(value: unknown): Parsed<number | undefined> {
  if (value === undefined || value === null || value === '') return valid(undefined);
  if (typeof value === 'number') return Number.isFinite(value) ? valid(value) : invalid;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return valid(Number(value));
  return invalid;
}

/** A string (a number is taken as its text, as a form would carry it); `undefined` when absent. */
export function parseText(value: unknown, maxLength = 1000): Parsed<string | undefined> {
  if (value === undefined || value === null) return valid(undefined);
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  return typeof text === 'string' && text.length <= maxLength ? valid(text) : invalid;
}

/** A boolean flag as JSON (`true`) or a form or query string (`'true'`) carries it. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** An amount of money in a currency: KRW is whole won (reference notes, Money); others have at most cents. */
export function isMoney(amount: number, currency: string | null | undefined): boolean {
  if (!Number.isFinite(amount) || amount < 0) return false;
  if ((currency ?? 'KRW') === 'KRW') return Number.isInteger(amount);
  return Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;
}
