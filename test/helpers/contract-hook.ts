import type { FastifyInstance } from 'fastify';
import { contractProblems } from './contract.js';

/**
 * Checks every answer the app sends against openapi.yaml (contract.ts), whoever asked: the test helpers, a plain
 * fetch, the typed client, a browser. `report` gets one sentence per problem; the test helpers fail the test that
 * started the app with it. The simulators keep contracts of their own; answers of the HTTP layer itself (malformed
 * HTTP, oversized headers, a broken URL) never reach fastify's hooks and are checked by test/http/malformed.test.ts.
 */
export function watchContract(app: FastifyInstance, report: (problem: string) => void): void {
  app.addHook('onSend', async (request, reply, payload) => {
    const path = request.routeOptions.url;
    if (path?.startsWith('/sandbox/')) return payload;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : undefined;
    const exchange = { method: request.method, path, status: reply.statusCode, headers: reply.getHeaders(), body };
    for (const problem of contractProblems(exchange)) report(`${request.method} ${path ?? request.url} answered ${reply.statusCode}: ${problem}`);
    return payload;
  });
}
