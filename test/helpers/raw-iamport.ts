import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Test } from 'tap';

/**
 * An i'mport that answers exactly the payments a test hands it, for what the sandbox cannot hold: the sandbox keeps
 * payments in PostgreSQL, which cannot store the U+0000 a buyer may type into i'mport's window. Serves getToken,
 * GET /payments/{imp_uid}, findAll, prepare (always accepted) and a full cancel (with i'mport's checksum rule).
 */
export interface RawIamport {
  url: string;
  payments: Map<string, Record<string, unknown>>;
  cancels: number;
}

type Handler = (res: ServerResponse, body: Record<string, unknown>, match: RegExpExecArray) => void;

export async function startRawIamport(t: Test): Promise<RawIamport> {
  const raw: RawIamport = { url: '', payments: new Map(), cancels: 0 };
  const send = (res: ServerResponse, status: number, response: unknown, code = 0, message: string | null = null) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ code, message, response }));
  const routes: Array<[string, RegExp, Handler]> = [
    ['POST', /^\/users\/getToken$/, (res) => send(res, 200, { access_token: 'raw', now: Date.now() / 1000, expired_at: Date.now() / 1000 + 1800 })],
    ['GET', /^\/payments\/findAll\/([^/?]+)/, (res, _body, m) => {
      const list = [...raw.payments.values()].filter((p) => p.merchant_uid === decodeURIComponent(m[1]!));
      return list.length ? send(res, 200, { total: list.length, previous: 0, next: 0, list }) : send(res, 404, null, -1, 'not found');
    }],
    ['GET', /^\/payments\/([^/?]+)/, (res, _body, m) => {
      const payment = raw.payments.get(decodeURIComponent(m[1]!));
      return payment ? send(res, 200, payment) : send(res, 404, null, -1, '존재하지 않는 결제정보입니다.');
    }],
    ['POST', /^\/payments\/prepare$/, (res, body) => send(res, 200, { merchant_uid: body.merchant_uid, amount: body.amount })],
    ['POST', /^\/payments\/cancel$/, (res, body) => {
      const payment = raw.payments.get(String(body.imp_uid));
      if (!payment) return send(res, 200, null, 1, '취소할 결제건이 존재하지 않습니다.');
      const balance = Number(payment.amount) - Number(payment.cancel_amount);
      if (Number(body.checksum) !== balance) return send(res, 200, null, 1, '[환불가능금액 불일치]');
      raw.cancels += 1;
      const cancelled = { ...payment, status: 'cancelled', cancel_amount: payment.amount, cancelled_at: Math.floor(Date.now() / 1000) };
      raw.payments.set(String(body.imp_uid), cancelled);
      return send(res, 200, cancelled);
    }],
  ];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const route = routes.find(([method, pattern]) => method === req.method && pattern.test(req.url ?? ''));
      if (!route) return send(res, 404, null, -1, 'not supported');
      route[2](res, text ? (JSON.parse(text) as Record<string, unknown>) : {}, route[1].exec(req.url ?? '')!);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  raw.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return raw;
}
