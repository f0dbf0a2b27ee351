import { setTimeout as sleep } from 'node:timers/promises';
import Fastify from 'fastify';
import type { Test } from 'tap';

export interface Received {
  path: string;
  headers: Record<string, string>;
  /** the raw body, as a verifier needs it */
  raw: string;
  body: { type: string; timestamp: string; data: { storeId: string; paymentId: string; transactionId: string; cancellationId?: string } };
  at: number;
}

/**
 * A shop's webhook endpoint on a loopback port, recording what arrives. `answer(path, attempt)` picks the HTTP status
 * (default 200); a non-2xx delivery is recorded too.
 */
export async function startReceiver(t: Test, answer: (path: string, attempt: number) => number = () => 200) {
  const received: Received[] = [];
  const attempts = new Map<string, number>();
  const app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.post('/:path', async (request, reply) => {
    const path = (request.params as { path: string }).path;
    const attempt = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, attempt);
    const raw = request.body as string;
    received.push({ path, headers: request.headers as Record<string, string>, raw, body: JSON.parse(raw), at: Date.now() });
    return reply.status(answer(path, attempt)).send();
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  t.teardown(() => app.close());
  const waitFor = async (count: number, timeoutMs = 5000) => {
    for (const deadline = Date.now() + timeoutMs; received.length < count && Date.now() < deadline; ) await sleep(10);
    return received;
  };
  return { base, received, waitFor };
}
