import { connect } from 'node:net';
import { Client } from 'undici';
import t from 'tap';
import { CONTRACT, contractProblems } from '../helpers/contract.js';
import { TEST_API_KEY } from '../helpers/app.js';
import { startService } from '../helpers/service.js';

/**
 * Every operation of the contract gets the malformed requests a client can send: oversized and broken path
 * parameters, other media types, empty, broken and huge bodies, oversized headers, malformed HTTP. Each must answer
 * the status the contract documents for it, in the documented shape, checked here on the client's side since some of
 * these answers come from the HTTP layer, before fastify's hooks.
 */

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Case {
  name: string;
  status: number;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

type Operation = { security?: unknown[]; requestBody?: unknown; parameters?: Array<{ in: string; name: string; required?: boolean; schema?: { maxLength?: number } }> };

const json = { 'content-type': 'application/json' };
const HUGE_JSON = JSON.stringify({ imp_uid: 'x'.repeat(70 * 1024), merchant_uid: 'y' });

function casesFor(template: string, method: string, operation: Operation): Case[] {
  const cases: Case[] = [{ name: 'headers over 16 KiB', status: 431, headers: { 'x-padding': 'x'.repeat(17 * 1024) } }];
  if (template.includes('{')) {
    const at = (value: string) => template.replace(/\{\w+\}/, value).replace(/\{\w+\}/g, 'ord_x');
    const longest = operation.parameters?.find((parameter) => parameter.in === 'path')?.schema?.maxLength ?? 100;
    cases.push(
      { name: `a path parameter of ${longest + 1} characters, one over its limit`, status: 400, path: at('x'.repeat(longest + 1)) },
      { name: 'a path parameter of 5,000 characters', status: 400, path: at('x'.repeat(5000)) },
      { name: 'a path parameter past the 16 KiB request line', status: 431, path: at('x'.repeat(17 * 1024)) },
      { name: 'a path parameter that is not valid percent-encoding', status: 400, path: at('%E0%A4%A') },
      { name: 'a path parameter with NUL', status: 400, path: at('ord%00x') },
    );
  }
  const limit = operation.parameters?.find((parameter) => parameter.in === 'query' && parameter.name === 'limit');
  if (limit) cases.push({ name: 'a query parameter of the wrong type', status: 400, path: `${template}?limit=many` });
  if (operation.parameters?.some((parameter) => parameter.in === 'query' && parameter.required)) {
    cases.push({ name: 'without its required query', status: 400, path: template.replace(/\{\w+\}/g, 'ord_x') });
  }
  if (method !== 'post') return cases;
  cases.push(
    { name: 'a text/plain body', status: 415, headers: { 'content-type': 'text/plain' }, body: 'imp_uid=x' },
    { name: 'a form-encoded body', status: 415, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'imp_uid=x&merchant_uid=y' },
    { name: 'a multipart body', status: 415, headers: { 'content-type': 'multipart/form-data; boundary=b' }, body: '--b\r\n\r\nx\r\n--b--' },
    { name: 'a body without a content type', status: 415, body: new TextEncoder().encode('{"reason":"x"}') },
    { name: 'an empty JSON body', status: 400, headers: json, body: '' },
    { name: 'broken JSON', status: 400, headers: json, body: '{"amount": 1' },
    { name: 'a JSON body over 64 KiB', status: 413, headers: json, body: HUGE_JSON },
  );
  if (operation.requestBody) {
    cases.push(
      { name: 'no body at all', status: 400 },
      { name: 'a JSON array', status: 400, headers: json, body: '[]' },
      { name: 'JSON null', status: 400, headers: json, body: 'null' },
    );
  }
  return cases;
}

async function send(url: string, method: string, path: string, test: Case, auth: Record<string, string>): Promise<Answer> {
  const response = await fetch(url + path, { method: method.toUpperCase(), headers: { ...auth, ...test.headers }, body: test.body });
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
}

/** A request node cannot parse, written to the socket as is. */
function sendRaw(port: number, request: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

t.test('every operation answers malformed requests with a documented status, in the documented shape', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '100000' });
  const port = Number(new URL(service.url).port);
  for (const [template, methods] of Object.entries(CONTRACT.paths as Record<string, Record<string, Operation>>)) {
    for (const [method, operation] of Object.entries(methods)) {
      const auth: Record<string, string> = operation.security?.length ? { authorization: `Bearer ${TEST_API_KEY}` } : {};
      const plain = template.replace(/\{\w+\}/g, 'ord_x');
      const raw = `${method.toUpperCase()} ${plain} HTTP/1.1\r\nHost: localhost\r\nthis is not a header\r\n\r\n`;
      const answers: Array<[Case, Answer]> = [[{ name: 'malformed HTTP', status: 400 }, await sendRaw(port, raw)]];
      for (const test of casesFor(template, method, operation)) answers.push([test, await send(service.url, method, test.path ?? plain, test, auth)]);
      for (const [test, answer] of answers) {
        const what = `${method.toUpperCase()} ${template}, ${test.name}`;
        t.equal(answer.status, test.status, `${what}: ${answer.status} ${answer.body.slice(0, 160)}`);
        t.same(contractProblems({ method, path: template, ...answer }), [], `${what}: as documented`);
        t.match(JSON.parse(answer.body), { error: String, message: String }, `${what}: the error shape`);
      }
    }
  }
});

t.test('a request that arrives while the app closes is a 503 in the error shape, not fastify\'s own', async (t) => {
  const service = await startService(t);
  const order = await service.createOrder(1000);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 1000 });
  await service.sandbox.control.injectFault({ kind: 'hang', count: 1, ms: 500, endpoint: 'payments.get' });
  // a connection busy with a request stays open while the app closes: a second request pipelined on it arrives then
  const client = new Client(service.url, { pipelining: 2 });
  t.teardown(() => client.destroy());
  // (a GET: undici pipelines nothing behind a POST)
  const first = client.request({ method: 'GET', path: `/payments/complete?${new URLSearchParams({ imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid })}` });
  await until(async () => ((await service.sandbox.control.counters())['payments.get'] ?? 0) >= 1);
  const closed = service.app.close();
  const second = client.request({ method: 'GET', path: '/healthz' });
  t.equal((await first).statusCode, 303, 'the request in flight is finished');
  const refused = await second;
  t.equal(refused.statusCode, 503);
  t.match(await refused.body.json(), { error: 'unavailable', message: /shutting down/ });
  t.equal(refused.headers.connection, 'close');
  await closed;
});

async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 10));
}
