import type { FastifyInstance } from 'fastify';
import { Invalid } from '../errors.js';

/** No request of this API nests deeper; far deeper JSON would overflow the stack of whatever walks it afterwards. */
export const MAX_JSON_DEPTH = 32;

const OPENERS = new Set(['{', '[']);
const CLOSERS = new Set(['}', ']']);

/** Whether JSON text nests objects and arrays deeper than `limit`, read in one pass without recursion. */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (OPENERS.has(char) && ++depth > limit) return true;
    else if (CLOSERS.has(char)) depth -= 1;
  }
  return false;
}

/** fastify's own JSON parser (prototype-poisoning checks included), behind a nesting limit: deeper is a 400. */
export function registerJsonDepthLimit(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(new Invalid(`the JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });
}
