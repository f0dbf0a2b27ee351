import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

const TOKEN_LIFETIME_S = 30 * 60;

/**
 * A minimal i'mport for what the sandbox cannot stage: a clock of i'mport's own (skew) and tokens revoked while a
 * client still holds them (401). Serves only getToken and GET /payments/{imp_uid}.
 */
export interface StubIamport {
  url: string;
  tokensIssued: number;
  /** i'mport's `now`, in unix seconds, for the next tokens */
  tokenClock: number;
  /** answer 401 to every payment request */
  rejectEveryToken: boolean;
  revokeTokens(): void;
}

export async function startStubIamport(t: Test): Promise<StubIamport> {
  const valid = new Set<string>();
  const stub: StubIamport = {
    url: '',
    tokensIssued: 0,
    tokenClock: Math.floor(Date.now() / 1000),
    rejectEveryToken: false,
    revokeTokens: () => valid.clear(),
  };
  const send = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    if (req.method === 'POST' && req.url === '/users/getToken') {
      stub.tokensIssued += 1;
      const token = `token_${stub.tokensIssued}`;
      valid.add(token);
      return send(res, 200, { code: 0, message: null, response: { access_token: token, now: stub.tokenClock, expired_at: stub.tokenClock + TOKEN_LIFETIME_S } });
    }
    const match = /^\/payments\/([\w-]+)(\?|$)/.exec(req.url ?? '');
    if (req.method !== 'GET' || !match) return send(res, 404, { code: -1, message: 'not found', response: null });
    if (stub.rejectEveryToken || !valid.has(req.headers.authorization ?? '')) return send(res, 401, { code: -1, message: 'Unauthorized', response: null });
    const payment = { imp_uid: match[1], merchant_uid: 'ord_stub', amount: 1000, cancel_amount: 0, currency: 'KRW', status: 'paid' };
    return send(res, 200, { code: 0, message: null, response: payment });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
