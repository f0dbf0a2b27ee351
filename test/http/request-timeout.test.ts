import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import t from 'tap';
import { startService } from '../helpers/service.js';

interface Trickled {
  /** what the service answered before it closed the connection, or null if it was still open after `giveUpMs` */
  answer: string | null;
}

/** Sends `head` at once, then `trickle` one character every `everyMs`, and waits for the service to answer and close. */
async function trickle(url: string, head: string, trickle: string, everyMs: number, giveUpMs: number): Promise<Trickled> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = '';
  let closed = false;
  socket.on('data', (chunk) => (received += chunk.toString()));
  socket.on('close', () => (closed = true));
  socket.on('error', () => {});
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(head);
  const deadline = Date.now() + giveUpMs;
  for (let i = 0; !closed && Date.now() < deadline; i += 1) {
    if (i < trickle.length && !socket.destroyed) socket.write(trickle[i]!);
    await sleep(everyMs);
  }
  socket.destroy();
  return { answer: closed ? received : null };
}

const bodyHead = (path: string, length: number) => `POST ${path} HTTP/1.1\r\nhost: payments.test\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;
const slowBody = JSON.stringify({ imp_uid: 'imp_slow', merchant_uid: 'ord_slow' });

t.test('a body that arrives a byte at a time is cut off with a JSON 408 after REQUEST_TIMEOUT_MS', async (t) => {
  const service = await startService(t, { REQUEST_TIMEOUT_MS: '1000' });
  const { answer } = await trickle(service.url, bodyHead('/payments/complete', slowBody.length), slowBody, 200, 8000);
  t.ok(answer, 'the service closed the connection');
  t.match(answer, /^HTTP\/1\.1 408 /);
  t.match(answer, /"message":"the request body did not arrive within 1000 ms"/);
});

t.test('headers that arrive a line at a time are cut off with a 408 too', async (t) => {
  const service = await startService(t, { REQUEST_TIMEOUT_MS: '1000' });
  const lines = Array.from({ length: 40 }, (_unused, i) => `x-slow-${i}: 1\r\n`).join('');
  const { answer } = await trickle(service.url, 'GET /healthz HTTP/1.1\r\nhost: payments.test\r\n', lines, 200, 8000);
  t.ok(answer !== null, 'the service closed the connection');
  t.match(answer, /^HTTP\/1\.1 408 /);
});

t.test('a webhook delivery whose body is too slow is refused with a 408 and leaves a receipt', async (t) => {
  const service = await startService(t, { REQUEST_TIMEOUT_MS: '1000' });
  const { answer } = await trickle(service.url, bodyHead('/webhooks/iamport', slowBody.length), slowBody, 200, 8000);
  t.match(answer, /^HTTP\/1\.1 408 /);
  const receipts = await service.database.db.selectFrom('webhook_receipts').select('outcome').execute();
  t.same(receipts, [{ outcome: 'rejected_408' }]);
});

t.test('the limit is on receiving the request, not on answering it: a slow i\'mport is no 408', async (t) => {
  const service = await startService(t, { REQUEST_TIMEOUT_MS: '1000' });
  const order = await service.createOrder(1000);
  const payment = await service.sandbox.control.createPayment({ merchant_uid: order.merchant_uid, amount: 1000 });
  await service.sandbox.control.injectFault({ kind: 'hang', count: 1, ms: 1500, endpoint: 'payments.get' });
  const answer = await service.post('/payments/complete', { imp_uid: payment.imp_uid, merchant_uid: order.merchant_uid });
  t.match(answer, { status: 200, body: { status: 'success' } });
});

t.test('a body answered before it was read (a 413 by its length) does not trip the limit later', async (t) => {
  const service = await startService(t, { REQUEST_TIMEOUT_MS: '1000' });
  const body = JSON.stringify({ imp_uid: 'x'.repeat(200_000), merchant_uid: 'y' });
  const huge = await fetch(`${service.url}/payments/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  t.equal(huge.status, 413);
  await sleep(1500);
  t.equal((await fetch(`${service.url}/healthz`)).status, 200, 'the service is still up');
});
