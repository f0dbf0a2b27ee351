import type { AddressInfo } from 'node:net';
import t from 'tap';
import type { App } from '../../src/app.js';
import { startTestApp } from '../helpers/app.js';
import { rawRequest } from '../helpers/raw-http.js';
import { sandboxConfig, startService } from '../helpers/service.js';

/** The app on a dual-stack socket, reached over IPv4. */
const overIpv4 = ({ app }: { app: App }) => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const delivery = JSON.stringify({ imp_uid: 'imp_spelled', merchant_uid: 'ord_spelled', status: 'paid' });

t.test('the allow-list holds however the webhook URL is spelled: it is checked on the routed path', async (t) => {
  const service = await startService(t, { IAMPORT_WEBHOOK_IPS: '52.78.100.19' });
  const order = await service.createOrder(1000);
  const forOrder = JSON.stringify({ imp_uid: 'imp_spelled', merchant_uid: order.merchant_uid, status: 'paid' });
  for (const requestLine of [
    'POST /webhooks/iamport HTTP/1.1',
    'POST /webhooks/%69amport HTTP/1.1',
    'POST /webhooks/iamport#x HTTP/1.1',
    'POST /webhooks/iamport?x=1 HTTP/1.1',
    'POST /webhooks//iamport HTTP/1.1',
    'POST http://a/webhooks/iamport HTTP/1.1',
  ]) {
    const answer = await rawRequest(service.url, requestLine, forOrder);
    t.ok(answer.status === 403 || answer.status === 404, `${requestLine}: ${answer.status} (refused, or not routed to the webhook)`);
    if (answer.status === 403) t.match(JSON.parse(answer.body), { status: 'forbidden' });
  }
  const recorded = await service.database.db.selectFrom('webhook_receipts').select('outcome').execute();
  t.ok(recorded.every((row) => row.outcome === 'rejected_403'), 'none was processed');
  t.equal(await service.sandbox.control.counters().then((counters) => counters['payments.get'] ?? 0), 0, "no i'mport call was spent on them");
});

t.test('CIDRs match, and an IPv4 sender seen as ::ffff:a.b.c.d (HOST=::) matches its IPv4 entry', async (t) => {
  const service = await startService(t, { IAMPORT_WEBHOOK_IPS: '52.78.100.19, 127.0.0.0/8' });
  t.equal((await service.post('/webhooks/iamport', JSON.parse(delivery))).status, 200, 'a CIDR matches');

  const app = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { IAMPORT_WEBHOOK_IPS: '127.0.0.1' }), { host: '::' });
  const answer = await rawRequest(overIpv4(app), 'POST /webhooks/iamport HTTP/1.1', delivery);
  t.equal(answer.status, 200, 'reached over IPv4 on a dual-stack socket, seen as ::ffff:127.0.0.1');

  const blocked = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { IAMPORT_WEBHOOK_IPS: '10.0.0.0/8' }), { host: '::' });
  t.equal((await rawRequest(overIpv4(blocked), 'POST /webhooks/iamport HTTP/1.1', delivery)).status, 403);
});

t.test('allow-listed senders are exempt from the rate limit whichever way their address is written', async (t) => {
  const service = await startService(t, { PUBLIC_RATE_LIMIT: '1' });
  const app = await startTestApp(t, service.database, sandboxConfig(service.sandbox, { IAMPORT_WEBHOOK_IPS: '127.0.0.0/8', PUBLIC_RATE_LIMIT: '1' }), { host: '::' });
  const statuses = [];
  for (let i = 0; i < 3; i += 1) statuses.push((await rawRequest(overIpv4(app), 'POST /webhooks/iamport HTTP/1.1', delivery)).status);
  t.same(statuses, [200, 200, 200]);
});
