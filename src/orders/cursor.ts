import { Invalid } from '../errors.js';

/** Page cursors are opaque to callers: the key of the last row seen, base64url-encoded. */
export const encodeCursor = (key: string): string => Buffer.from(key).toString('base64url');

export function decodeCursor(cursor: string): string {
  const value = Buffer.from(cursor, 'base64url').toString();
  if (!/^[\w-]{1,100}$/.test(value)) throw new Invalid('querystring.cursor: not a cursor this API returned');
  return value;
}
