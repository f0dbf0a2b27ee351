/**
 * PostgreSQL's text and jsonb cannot hold U+0000, and jsonb refuses an unpaired UTF-16 surrogate. Text that reaches the
 * database passes one of these: inputs are refused at the edge (a 400 naming the field), and what i'mport answers
 * (which may carry whatever a buyer typed) is made storable before anything is decided.
 */
export function isStorableText(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

/** Whether every string (and key) inside a JSON value is storable. */
export function isStorableJson(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (value && typeof value === 'object') {
    return Object.entries(value).every(([key, inner]) => isStorableText(key) && isStorableJson(inner));
  }
  return true;
}

/** The same JSON value with every string made storable: U+0000 and unpaired surrogates become U+FFFD. */
export function toStorableJson(value: unknown): unknown {
  if (typeof value === 'string') return isStorableText(value) ? value : value.toWellFormed().replaceAll('\u0000', '\uFFFD');
  if (Array.isArray(value)) return value.map(toStorableJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [toStorableJson(key) as string, toStorableJson(inner)]));
  }
  return value;
}

/** In JSON text, U+0000 and a UTF-16 surrogate can only be written as escapes; raw ones cannot occur in decoded text. */
const MAYBE_UNSTORABLE = /\\u(0000|d[89a-f])/i;

/**
 * Parses JSON that may carry text PostgreSQL cannot store (what i'mport answers, where a buyer's typing ends up),
 * making it storable; the text is scanned first, so the common answer costs no second pass.
 */
export function parseStorableJson(text: string): unknown {
  const value: unknown = JSON.parse(text);
  return MAYBE_UNSTORABLE.test(text) ? toStorableJson(value) : value;
}

/** A value as JSON text PostgreSQL can store, made storable only when its text shows it must be. */
export function storableJsonText(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return MAYBE_UNSTORABLE.test(text) ? JSON.stringify(toStorableJson(value)) : text;
}
