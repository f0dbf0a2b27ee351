import { z } from 'zod';

/** API_KEYS: the internal API's keys, each naming the operator who acts with it. */

/** An operator's name, recorded as the actor of what their key does. */
const ACTOR = /^[a-z0-9._-]{1,32}$/;
const MIN_KEY_LENGTH = 32;

export interface ApiKey {
  /** who acts with this key: its name, or key-N for the Nth entry of API_KEYS given bare */
  actor: string;
  key: string;
}

/**
 * `name:key` or a bare key, comma-separated; a key with a colon in it is given with a name. Keys are never repeated in
 * an error message: the entry is named by its position and, when it has a valid one, its name.
 */
export const apiKeyList = z.string().transform((value, context) => {
  const entries = value.split(',').map((item) => item.trim()).filter(Boolean);
  const keys: ApiKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(':');
    const actor = colon === -1 ? `key-${index + 1}` : entry.slice(0, colon);
    const key = colon === -1 ? entry : entry.slice(colon + 1);
    const named = ACTOR.test(actor);
    // a name that is not one may be part of a key: it is not repeated either
    const where = `entry ${index + 1}${colon === -1 || !named ? '' : ` (${actor})`}`;
    const problem = !named
      ? `${where}: the name before ":" must be 1 to 32 of a-z 0-9 . _ -`
      : key.length < MIN_KEY_LENGTH
        ? `${where}: the key is ${key.length} characters; every key must be at least ${MIN_KEY_LENGTH} (e.g. openssl rand -base64 32)`
        : keys.some((known) => known.key === key)
          ? `${where}: the same key is listed twice`
          : undefined;
    if (problem) {
      context.addIssue({ code: 'custom', message: problem });
      return z.NEVER;
    }
    keys.push({ actor, key });
  }
  return keys;
});
